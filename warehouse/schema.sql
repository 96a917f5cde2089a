-- The warehouse schema, declared once. Column names and meanings follow ../shared/CONTRACT.md.

CREATE TABLE IF NOT EXISTS documents (
    doc_id        VARCHAR PRIMARY KEY,   -- sha256 hex of the file bytes
    source_file   VARCHAR NOT NULL,      -- the file name as given
    source_path   VARCHAR NOT NULL,      -- absolute path: a changed file at the same path replaces its old version
    format        VARCHAR NOT NULL,
    title         VARCHAR,
    jurisdiction  VARCHAR,
    jurisdiction_code VARCHAR,           -- national division code (GB/T 2260), where unambiguous
    doc_type      VARCHAR NOT NULL,      -- a code of `doc_types` (checked by the loader: new codes need no migration)
    period_start  INTEGER,
    period_end    INTEGER,
    pages         INTEGER,
    status        VARCHAR NOT NULL CHECK (status IN ('ok', 'failed')),
    error         VARCHAR,
    ingested_at   TIMESTAMP NOT NULL,
    n_facts       INTEGER NOT NULL DEFAULT 0,
    n_facts_ocr   INTEGER,               -- of n_facts, those read by OCR from a scanned page; NULL for a failed file
    -- coverage (parsers/coverage.py): the number tokens of the text and cells, and how many are in a
    -- fact, excluded with a reason (a date, a document number ...) or unread; NULL when not read
    n_numbers          INTEGER,
    n_numbers_in_facts INTEGER,
    n_numbers_excluded INTEGER,
    n_numbers_unread   INTEGER,
    -- one plan in several files (.docx, .pdf, scan, renamed copies) shares plan_id, decided from the
    -- content (title, jurisdiction, period, figures); is_primary marks the one whose facts count in
    -- plan_facts. NULL and false for a failed file
    plan_id            VARCHAR,
    is_primary         BOOLEAN DEFAULT false,
    -- the file is gone: every path it was seen at (document_locations) was found missing when its
    -- folder was ingested again; its facts are kept
    absent             BOOLEAN DEFAULT false,
    -- fetched by `planetl crawl`: the URL of the file (or of the article published inline), and the
    -- article's date; NULL for a file given on disk
    source_url         VARCHAR,
    published_at       DATE
);

-- every path at which a document's bytes were seen: a copy, a renamed or moved file is another
-- location of the same document (one row per doc_id and path)
CREATE TABLE IF NOT EXISTS document_locations (
    doc_id        VARCHAR NOT NULL,
    source_path   VARCHAR NOT NULL,      -- absolute path
    source_file   VARCHAR NOT NULL,      -- the file name as given that time
    first_seen    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    absent_since  TIMESTAMP,             -- found missing when its folder was ingested again; NULL while there
    PRIMARY KEY (doc_id, source_path)
);

CREATE TABLE IF NOT EXISTS facts (
    -- unique; the loader checks it. Not a PRIMARY KEY: DuckDB keeps a key's index in memory, whole,
    -- so ingest's memory would grow with the warehouse
    fact_id          VARCHAR NOT NULL,
    doc_id           VARCHAR NOT NULL,
    source_file      VARCHAR NOT NULL,
    jurisdiction     VARCHAR,
    region           VARCHAR,
    region_code      VARCHAR,               -- national division code of the region (GB/T 2260), where unambiguous
    period_start     INTEGER,
    period_end       INTEGER,
    metric           VARCHAR NOT NULL,
    metric_label_zh  VARCHAR NOT NULL,
    housing_type     VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL CHECK (kind IN ('plan', 'actual', 'forecast', 'standard')),
    value            DOUBLE NOT NULL,
    unit             VARCHAR NOT NULL CHECK (unit IN ('m2', 'unit', 'household', 'item', 'yuan', 'yuan_per_m2',
                                                      'percent', 'permille', 'month', 'year', 'person', 'ratio', 'm', 't')),
    raw_value        VARCHAR NOT NULL,
    raw_unit         VARCHAR NOT NULL,
    qualifier        VARCHAR NOT NULL CHECK (qualifier IN ('exact', 'approx', 'at_least', 'at_most', 'range_low', 'range_high')),
    quote            VARCHAR NOT NULL,
    page             INTEGER,
    locator          VARCHAR NOT NULL,
    block_index      INTEGER NOT NULL,      -- reading-order position of the paragraph or table in the document
    char_start       INTEGER NOT NULL,
    char_end         INTEGER NOT NULL,
    section          VARCHAR,               -- the heading path above the figure, " / "-joined
    ocr              BOOLEAN NOT NULL DEFAULT false, -- the text came from OCR of a scanned page
    -- how the figure adds up with the others of its document: total (of parts stated with it),
    -- part (a 其中 breakdown, a sub-area or sub-row), subtotal (a part that is itself a total: 小计),
    -- single (none of these); summing the total and single figures counts each figure once
    role             VARCHAR
);

CREATE TABLE IF NOT EXISTS metrics (
    code        VARCHAR PRIMARY KEY,
    name_zh     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL,
    base_unit   VARCHAR,
    definition  VARCHAR
);

CREATE TABLE IF NOT EXISTS housing_types (
    code     VARCHAR PRIMARY KEY,
    name_zh  VARCHAR NOT NULL,
    name_en  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS findings (
    finding_id   VARCHAR PRIMARY KEY,
    "check"      VARCHAR NOT NULL,     -- grounding | table_total_row | table_total_column | prose_vs_table | parts_vs_total | schedule_vs_total | unit_mismatch | average_size | unread_number
    severity     VARCHAR NOT NULL CHECK (severity IN ('error', 'warning')),
    doc_id       VARCHAR NOT NULL,     -- the plan's primary document among those it is found in
    source_file  VARCHAR NOT NULL,
    message      VARCHAR NOT NULL,     -- as the document of doc_id words it
    expected     DOUBLE,               -- what the other places imply (a sum, the table's value)
    stated       DOUBLE,               -- what the checked figure says
    fact_ids     VARCHAR[],
    quotes       VARCHAR[],
    locators     VARCHAR[],
    pages        INTEGER[],
    audited_at   TIMESTAMP NOT NULL,
    -- a plan's finding is one row however many versions (.docx, .pdf, scan) state it: quotes, locators
    -- and pages hold the places in every version, place_files says whose each is
    plan_id      VARCHAR,
    doc_ids      VARCHAR[],            -- every version it is found in, doc_id first
    source_files VARCHAR[],
    place_files  VARCHAR[],            -- the source_file of each place of quotes / locators / pages
    acknowledged BOOLEAN DEFAULT false, -- every fact of it was accepted by a reviewer (reviews) when audited
    places       VARCHAR[]              -- each table place of locators as a person finds it (Word table 7, row 3, column 2)
);

CREATE TABLE IF NOT EXISTS doc_types (
    code         VARCHAR PRIMARY KEY,   -- documents.doc_type: annual_plan, target_notice, renovation_plan ...
    name_zh      VARCHAR NOT NULL,
    name_en      VARCHAR NOT NULL,
    description  VARCHAR
);

CREATE TABLE IF NOT EXISTS regions (
    code  VARCHAR PRIMARY KEY,   -- national division code (GB/T 2260), 6 digits
    name  VARCHAR NOT NULL       -- official name
);

-- what a person decided about a figure (planetl review): one row per decision, the latest counts
-- (reviewed_facts). Never changes facts; kept when a file is ingested again or audited again
CREATE TABLE IF NOT EXISTS reviews (
    fact_id           VARCHAR NOT NULL,
    status            VARCHAR NOT NULL CHECK (status IN ('accepted', 'flagged', 'corrected')),
    note              VARCHAR,
    corrected_value   DOUBLE,            -- in the base unit of corrected_unit, else of the fact's unit
    corrected_unit    VARCHAR,
    corrected_metric  VARCHAR,
    reviewer          VARCHAR NOT NULL,
    reviewed_at       TIMESTAMP NOT NULL
);

-- every HTTP fetch of `planetl crawl` (flows/crawl.py): listing pages, articles, attachments; the last
-- ETag / Last-Modified of a URL make the next run's request conditional
CREATE TABLE IF NOT EXISTS fetches (
    url           VARCHAR NOT NULL,      -- as requested (a redirect's target is in final_url)
    listing_url   VARCHAR,               -- the page it was found on (a listing, or an article for an attachment)
    kind          VARCHAR NOT NULL,      -- listing | article | attachment
    status        INTEGER,               -- HTTP status; NULL when there was no response (a timeout, refused)
    final_url     VARCHAR,
    etag          VARCHAR,
    last_modified VARCHAR,
    sha256        VARCHAR,               -- of the bytes received (for 304: of the bytes held)
    path          VARCHAR,               -- the file it was saved as (attachments, inline plans), absolute
    published_at  DATE,                  -- the article's date
    fetched_at    TIMESTAMP NOT NULL,
    error         VARCHAR                -- why the fetch failed; NULL when it did not
);

-- the (metric, value, unit) of every fact, apart from the facts' other columns: matching a new
-- document against the versions of its plan reads these narrow rows, found by the time their document
-- was loaded (rows of one load lie together, so DuckDB reads only their row groups), not the whole
-- facts table (whose scan made an ingest's memory grow with the warehouse)
CREATE TABLE IF NOT EXISTS planetl_figures (
    doc_id       VARCHAR NOT NULL,
    ingested_at  TIMESTAMP NOT NULL,
    metric       VARCHAR NOT NULL,
    value   DOUBLE NOT NULL,
    unit    VARCHAR NOT NULL
);

-- the tables and views planetl created in this database: planetl changes no other (a database holding
-- a table of one of these names that planetl did not create is refused)
CREATE TABLE IF NOT EXISTS planetl_objects (
    name        VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,      -- table | view
    created_at  TIMESTAMP NOT NULL
);

-- planetl's settings of this warehouse: `fingerprint`, of the schema, views, comments and catalogs last written
CREATE TABLE IF NOT EXISTS planetl_meta (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR
);
