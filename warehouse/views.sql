-- Views over the warehouse tables. Recreated on every write connection.

-- One row per plan (jurisdiction and period) that states any headline figure: whole-jurisdiction
-- plan targets, each as first stated in the plan (a .docx preferred when the same plan came in
-- several formats). A comparison across cities; every figure traces back through `facts`.
CREATE OR REPLACE VIEW city_overview AS
WITH headline(metric, housing_type) AS (
    VALUES ('land_supply_residential', 'all'), ('new_start_floor_area', 'all'), ('new_start_units', 'all'),
           ('supply_units', 'affordable'), ('investment', 'all')
), stated AS (
    SELECT f.jurisdiction, d.doc_type, f.period_start, f.period_end, f.metric, f.housing_type,
           arg_min(f.value, [CASE d.format WHEN 'docx' THEN 0 WHEN 'pdf' THEN 1 ELSE 2 END,
                             f.block_index, f.char_start]) AS value
    FROM facts f JOIN documents d USING (doc_id) JOIN headline h USING (metric, housing_type)
    WHERE d.status = 'ok' AND f.kind = 'plan' AND f.region = f.jurisdiction
      AND f.qualifier IN ('exact', 'approx')
    GROUP BY ALL
)
SELECT jurisdiction,
       doc_type,
       CASE WHEN period_start = period_end THEN period_start::VARCHAR
            ELSE period_start || '-' || period_end END                                AS period,
       round(max(value) FILTER (WHERE metric = 'land_supply_residential') / 1e4, 2) AS land_supply_ha,
       round(max(value) FILTER (WHERE metric = 'new_start_floor_area') / 1e4, 2)    AS new_starts_10k_m2,
       round(max(value) FILTER (WHERE metric = 'new_start_units'), 0)               AS new_starts_units,
       round(max(value) FILTER (WHERE metric = 'supply_units'), 0)                  AS affordable_units,
       round(max(value) FILTER (WHERE metric = 'investment') / 1e8, 2)              AS investment_100m_yuan
FROM stated
GROUP BY ALL
ORDER BY jurisdiction, period;
