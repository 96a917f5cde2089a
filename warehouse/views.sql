-- Views over the warehouse tables. Recreated on every write connection.

-- The facts of each plan's primary document (documents.is_primary): a plan that came as a .docx, a
-- .pdf and a scan counts once, so sums over plan_facts count every stated figure of a plan once.
CREATE OR REPLACE VIEW plan_facts AS
SELECT f.*, d.plan_id
FROM facts f JOIN documents d USING (doc_id)
WHERE d.status = 'ok' AND d.is_primary;

-- One row per plan that states any headline figure: whole-jurisdiction plan targets, each as first
-- stated in the plan's primary document (documents.is_primary), so a plan that came as a .docx, a
-- .pdf and a scan counts once. A comparison across cities; every figure traces back through `facts`.
CREATE OR REPLACE VIEW city_overview AS
WITH headline(metric, housing_type) AS (
    VALUES ('land_supply_residential', 'all'), ('new_start_floor_area', 'all'), ('new_start_units', 'all'),
           ('supply_units', 'affordable'), ('investment', 'all')
), stated AS (
    SELECT f.plan_id, f.jurisdiction, d.doc_type, f.period_start, f.period_end, f.metric, f.housing_type,
           arg_min(f.value, [f.block_index, f.char_start]) AS value
    FROM plan_facts f JOIN documents d USING (doc_id) JOIN headline h USING (metric, housing_type)
    WHERE f.kind = 'plan' AND f.region = f.jurisdiction AND f.qualifier IN ('exact', 'approx')
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
       round(max(value) FILTER (WHERE metric = 'investment') / 1e8, 2)              AS investment_100m_yuan,
       plan_id
FROM stated
GROUP BY ALL
ORDER BY jurisdiction, period, plan_id;

-- Every two statements of one figure within one plan (its primary document) that disagree beyond
-- the precision they are written with: the same metric, housing type, region, years and unit, both
-- said of what is to be done (a plan or a forecast: prose 3464 forecast against table 3646 plan) or
-- both of what was done (actual) or both rules (standard); a plan against an actual is no conflict.
-- Each figure stands for the values it allows: 3.3万 for 33000 ± 500 (half its last written digit),
-- 约 adds 2%, 不低于 / range_low allow anything above, 不超过 / range_high anything below; two figures
-- conflict when what they allow does not overlap (3.3万户 and 33229户 do not conflict). Not compared:
-- figures the catalog cannot tell apart (several values of one key and kind of bound in one
-- paragraph or table: 3100-4100元 is a low and a high bound, two exact figures are ambiguous); a
-- total against a part or subtotal, a subtotal against a part (facts.role: figures of different
-- levels of one breakdown; two parts, or a part and a single figure, are compared); figures narrowed
-- by different words read before a prose figure or in a table cell's labels (as the audit's
-- prose_vs_table: a batch, a month or quarter, 同比/环比, (含…), an average such as 年均; and 累计);
-- and figures of other plans (a later plan revising a target is an update, not a contradiction).
-- A fall in words (同比下降5.3%) is the table's -5.3. `a` is the one stated first; difference =
-- value_b - value_a.
CREATE OR REPLACE VIEW conflicts AS
WITH written AS (
    SELECT f.*,
           CASE WHEN f.kind = 'forecast' THEN 'plan' ELSE f.kind END AS stance,
           -- half a unit of the last written digit, in base units: 3.3万 is 33000 ± 500
           0.5 * pow(10, -coalesce(length(regexp_extract(replace(f.raw_value, '．', '.'), '\.([0-9]+)', 1)), 0))
               * coalesce(abs(f.value / nullif(try_cast(regexp_replace(replace(f.raw_value, '．', '.'), '[^0-9.\-]', '',
                                                                        'g') AS DOUBLE), 0)), 0) AS tolerance,
           -- the words that narrow the figure: before it in its sentence, or its cell's labels
           CASE WHEN f.locator LIKE 't%/r%' THEN f.quote
                ELSE left(f.quote, greatest(coalesce(nullif(strpos(f.quote, f.raw_value || f.raw_unit), 0),
                                                     strpos(f.quote, f.raw_value)) - 1, 0)) END AS said_before
    FROM plan_facts f
    WHERE f.metric <> 'other'
), allowed AS (
    SELECT *,
           CASE WHEN qualifier IN ('at_most', 'range_high') THEN '-inf'::DOUBLE
                ELSE signed - tolerance - CASE qualifier WHEN 'approx' THEN 0.02 * abs(value) ELSE 0 END END AS low,
           CASE WHEN qualifier IN ('at_least', 'range_low') THEN 'inf'::DOUBLE
                ELSE signed + tolerance + CASE qualifier WHEN 'approx' THEN 0.02 * abs(value) ELSE 0 END END AS high,
           count(DISTINCT value) OVER (PARTITION BY plan_id, block_index, metric, housing_type, region, period_start,
                                                    period_end, unit, stance, qualifier IN ('at_least', 'range_low'),
                                                    qualifier IN ('at_most', 'range_high')) AS values_in_block,
           row_number() OVER (PARTITION BY plan_id ORDER BY block_index, locator, char_start, fact_id) AS place
    FROM (SELECT *,
                 CASE WHEN unit IN ('percent', 'permille') AND locator NOT LIKE 't%/r%'
                       AND regexp_matches(right(said_before, 6), '(下降|减少|降低|回落|下滑|下跌|收窄|负)\s*$')
                      THEN -value ELSE value END AS signed,
                 list_sort(list_distinct(list_transform(regexp_extract_all(said_before,
                     '第\s*[0-9一二三四五六七八九十]+\s*批|首批|批次|[0-9]{1,2}\s*(?:[-—–~～至]\s*[0-9]{1,2}\s*)?月份?'
                     || '|[一二三四十]{1,2}月份?|[一二三四1-4]\s*季度|上半年|下半年|前三季度|环比|同比'
                     || '|[（(]\s*(?:含|包括|不含)[^（()）]*[）)]|年均|月均|日均|平均|每年|户均|套均|累计'),
                     lambda m: regexp_replace(m, '\s+|份$', '', 'g')))) AS narrowed_by
          FROM written)
)
SELECT a.metric, a.housing_type, a.region, a.period_start, a.period_end, a.unit,
       a.plan_id, a.jurisdiction, a.doc_id, a.source_file,
       a.fact_id AS fact_id_a, a.value AS value_a, a.raw_value AS raw_value_a, a.raw_unit AS raw_unit_a,
       a.kind AS kind_a, a.qualifier AS qualifier_a, a.locator AS locator_a, a.page AS page_a, a.quote AS quote_a,
       b.fact_id AS fact_id_b, b.value AS value_b, b.raw_value AS raw_value_b, b.raw_unit AS raw_unit_b,
       b.kind AS kind_b, b.qualifier AS qualifier_b, b.locator AS locator_b, b.page AS page_b, b.quote AS quote_b,
       b.value - a.value AS difference
FROM allowed a JOIN allowed b
  ON a.plan_id = b.plan_id AND a.metric = b.metric AND a.housing_type = b.housing_type AND a.region = b.region
 AND a.period_start IS NOT DISTINCT FROM b.period_start AND a.period_end IS NOT DISTINCT FROM b.period_end
 AND a.unit = b.unit AND a.stance = b.stance AND a.narrowed_by = b.narrowed_by AND a.place < b.place
 AND (coalesce(a.role, 'single') = coalesce(b.role, 'single') OR 'single' IN (coalesce(a.role, 'single'),
                                                                            coalesce(b.role, 'single')))
WHERE a.values_in_block = 1 AND b.values_in_block = 1 AND (a.low > b.high OR b.low > a.high);

-- One row per figure a plan states: (jurisdiction, region, metric, housing type, period, kind) within
-- the plan's primary document, with how many places (paragraphs, tables) state it and whether any of
-- them is in `conflicts` (prose 3464 forecast against table 3646 plan included). Several values inside
-- one paragraph or table are different figures the catalog does not tell apart (a total and its
-- parts): such a row is `ambiguous`. `value` is the value most places give (the first stated on a tie).
CREATE OR REPLACE VIEW indicators AS
WITH stated AS (
    SELECT f.*, d.title, d.doc_type,
           count(*) OVER (PARTITION BY f.doc_id, f.jurisdiction, f.region, f.metric, f.housing_type, f.period_start,
                                       f.period_end, f.kind, f.unit, f.qualifier, f.value) AS n_same,
           count(DISTINCT f.value) OVER (PARTITION BY f.doc_id, f.block_index, f.jurisdiction, f.region, f.metric,
                                                      f.housing_type, f.period_start, f.period_end, f.kind, f.unit,
                                                      f.qualifier) AS values_in_block,
           row_number() OVER (PARTITION BY f.doc_id, f.jurisdiction, f.region, f.metric, f.housing_type,
                                           f.period_start, f.period_end, f.kind, f.unit, f.qualifier
                              ORDER BY f.block_index, f.locator, f.char_start) AS place,
           f.fact_id IN (SELECT fact_id_a FROM conflicts UNION ALL SELECT fact_id_b FROM conflicts) AS in_conflict
    FROM plan_facts f JOIN documents d USING (doc_id)
    WHERE f.metric <> 'other'
)
SELECT jurisdiction, region, region_code, metric, any_value(metric_label_zh) AS metric_label_zh, housing_type,
       period_start, period_end, kind, unit, qualifier,
       arg_max(value, [n_same, -place]) AS value,
       count(*) AS n_places,
       count(DISTINCT block_index) AS n_blocks,
       count(DISTINCT value) AS n_values,
       max(values_in_block) > 1 AS ambiguous,
       bool_or(in_conflict) AS conflict,
       list(value ORDER BY place) AS stated_values,
       list(locator ORDER BY place) AS locators,
       list(fact_id ORDER BY place) AS fact_ids,
       doc_id, any_value(source_file) AS source_file, any_value(title) AS title, any_value(doc_type) AS doc_type,
       plan_id
FROM stated
GROUP BY plan_id, doc_id, jurisdiction, region, region_code, metric, housing_type, period_start, period_end, kind,
         unit, qualifier;


-- Each fact with its latest review (reviews), NULL review columns when nobody has reviewed it.
CREATE OR REPLACE VIEW reviewed_facts AS
SELECT f.*, r.status AS review_status, r.note AS review_note, r.corrected_value, r.corrected_unit,
       r.corrected_metric, r.reviewer, r.reviewed_at
FROM facts f
LEFT JOIN (SELECT * FROM reviews QUALIFY row_number() OVER (PARTITION BY fact_id ORDER BY reviewed_at DESC) = 1) r
       USING (fact_id);
