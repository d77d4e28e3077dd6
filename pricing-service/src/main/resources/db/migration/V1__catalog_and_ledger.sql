-- Price catalog: models and their price versions. Versions are only ever inserted, never updated,
-- so an event is always billed at the price in force when it happened.
CREATE TABLE models (
    id             text PRIMARY KEY CHECK (id = lower(id)),
    provider       text NOT NULL,
    display_name   text NOT NULL,
    context_window integer NOT NULL CHECK (context_window > 0),
    encoding       text NOT NULL,
    count_factor   numeric(8, 4) NOT NULL DEFAULT 1 CHECK (count_factor > 0),
    count_method   text NOT NULL,
    self_hosted    boolean NOT NULL DEFAULT false
);

-- Prices are USD per 1M tokens with at most six decimals (= micro-USD per token).
CREATE TABLE price_versions (
    id                       bigserial PRIMARY KEY,
    model_id                 text NOT NULL REFERENCES models (id),
    effective_from           timestamptz NOT NULL,
    input_per_million        numeric(18, 6) NOT NULL CHECK (input_per_million >= 0),
    output_per_million       numeric(18, 6) NOT NULL CHECK (output_per_million >= 0),
    cached_input_per_million numeric(18, 6) CHECK (cached_input_per_million >= 0),
    created_at               timestamptz NOT NULL DEFAULT now(),
    created_by               text NOT NULL,
    UNIQUE (model_id, effective_from)
);

-- The billing ledger: one row per usage event, keyed by the event id so a redelivery inserts nothing.
-- Costs are whole micro-USD; a row with a NULL cost is unpriced and says why in unpriced_reason.
CREATE TABLE usage_ledger (
    event_id               uuid PRIMARY KEY,
    occurred_at            timestamptz NOT NULL,
    tenant                 text NOT NULL,
    service                text NOT NULL,
    model                  text NOT NULL,
    operation              text NOT NULL,
    prompt_tokens          bigint NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens      bigint NOT NULL CHECK (completion_tokens >= 0),
    latency_ms             bigint NOT NULL,
    time_to_first_token_ms bigint,
    finish_reason          text,
    request_id             text,
    price_version_id       bigint REFERENCES price_versions (id),
    input_cost_micros      bigint,
    output_cost_micros     bigint,
    cost_micros            bigint,
    unpriced_reason        text,
    ingested_at            timestamptz NOT NULL DEFAULT now(),
    CHECK ((cost_micros IS NULL) = (price_version_id IS NULL)),
    CHECK ((cost_micros IS NULL) = (unpriced_reason IS NOT NULL))
);

CREATE INDEX usage_ledger_tenant_time ON usage_ledger (tenant, occurred_at);
CREATE INDEX usage_ledger_unpriced ON usage_ledger (occurred_at) WHERE cost_micros IS NULL;

-- Monthly budgets and the threshold alerts already sent (the primary key makes each alert happen once).
CREATE TABLE budgets (
    tenant               text PRIMARY KEY,
    monthly_limit_micros bigint NOT NULL CHECK (monthly_limit_micros > 0),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE budget_alerts (
    tenant               text NOT NULL,
    month                date NOT NULL,
    threshold_percent    integer NOT NULL,
    spent_micros         bigint NOT NULL,
    monthly_limit_micros bigint NOT NULL,
    sent_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, month, threshold_percent)
);
