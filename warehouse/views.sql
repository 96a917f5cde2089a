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

-- One row per figure a document states: (jurisdiction, region, metric, housing type, period, kind)
-- within one document, with how many places (paragraphs, tables) state it and whether they disagree
-- (prose 3464 vs table 3646). Several values inside one paragraph or table are different figures the
-- catalog does not tell apart (a total and its parts): such a row is `ambiguous`, not a conflict.
-- Values agree when they agree to the precision they are written with (3.3万户 and 33229户 do).
-- `value` is the value most places give (the first stated on a tie).
CREATE OR REPLACE VIEW indicators AS
WITH written AS (
    SELECT f.*,
           -- half a unit of the last written digit, in base units: 3.3万 is 33000 ± 500
           0.5 * pow(10, -coalesce(length(regexp_extract(f.raw_value, '[.．]([0-9]+)', 1)), 0))
               * abs(f.value / nullif(try_cast(regexp_replace(f.raw_value, '[^0-9.\-]', '', 'g') AS DOUBLE), 0)) AS tolerance
    FROM facts f
), stated AS (
    SELECT f.*, d.title, d.doc_type,
           count(*) OVER (PARTITION BY f.doc_id, f.jurisdiction, f.region, f.metric, f.housing_type, f.period_start,
                                       f.period_end, f.kind, f.unit, f.qualifier, f.value) AS n_same,
           count(DISTINCT f.value) OVER (PARTITION BY f.doc_id, f.block_index, f.jurisdiction, f.region, f.metric,
                                                      f.housing_type, f.period_start, f.period_end, f.kind, f.unit,
                                                      f.qualifier) AS values_in_block,
           row_number() OVER (PARTITION BY f.doc_id, f.jurisdiction, f.region, f.metric, f.housing_type,
                                           f.period_start, f.period_end, f.kind, f.unit, f.qualifier
                              ORDER BY f.block_index, f.locator, f.char_start) AS place
    FROM written f JOIN documents d USING (doc_id)
    WHERE d.status = 'ok' AND f.metric <> 'other'
)
SELECT jurisdiction, region, region_code, metric, any_value(metric_label_zh) AS metric_label_zh, housing_type,
       period_start, period_end, kind, unit, qualifier,
       arg_max(value, [n_same, -place]) AS value,
       count(*) AS n_places,
       count(DISTINCT block_index) AS n_blocks,
       count(DISTINCT value) AS n_values,
       max(values_in_block) > 1 AS ambiguous,
       max(value - coalesce(tolerance, 0)) > min(value + coalesce(tolerance, 0)) AND max(values_in_block) = 1 AS conflict,
       list(value ORDER BY place) AS stated_values,
       list(locator ORDER BY place) AS locators,
       list(fact_id ORDER BY place) AS fact_ids,
       doc_id, any_value(source_file) AS source_file, any_value(title) AS title, any_value(doc_type) AS doc_type
FROM stated
GROUP BY doc_id, jurisdiction, region, region_code, metric, housing_type, period_start, period_end, kind, unit, qualifier;

-- The facts of each plan's primary document (documents.is_primary): a plan that came as a .docx, a
-- .pdf and a scan counts once, so sums over plan_facts count every stated figure of a plan once.
CREATE OR REPLACE VIEW plan_facts AS
SELECT f.*, d.plan_id
FROM facts f JOIN documents d USING (doc_id)
WHERE d.status = 'ok' AND d.is_primary;
