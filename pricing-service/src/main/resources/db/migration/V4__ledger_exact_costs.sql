-- Exact costs. Each row keeps what its tokens cost at its price, unrounded: prices have at most six decimals
-- per 1M tokens, so tokens x price / 1M has at most twelve and numeric(38, 12) holds it exactly. Money is
-- rounded (to micro-USD, HALF_EVEN) only where it is shown or invoiced, once per report line: rounding each
-- event, as the micro-USD columns did, billed every event worth less than half a micro-dollar at zero.
ALTER TABLE usage_ledger
    ADD COLUMN input_cost_usd  numeric(38, 12),
    ADD COLUMN output_cost_usd numeric(38, 12),
    ADD COLUMN cost_usd        numeric(38, 12);

-- Rows priced before this migration get their exact cost again from their price version.
UPDATE usage_ledger l
SET input_cost_usd  = l.prompt_tokens * p.input_per_million / 1000000,
    output_cost_usd = l.completion_tokens * p.output_per_million / 1000000,
    cost_usd        = (l.prompt_tokens * p.input_per_million + l.completion_tokens * p.output_per_million) / 1000000
FROM price_versions p
WHERE p.id = l.price_version_id;

-- Dropping the rounded columns drops the checks and the partial index that named them; they return on cost_usd.
ALTER TABLE usage_ledger
    DROP COLUMN input_cost_micros,
    DROP COLUMN output_cost_micros,
    DROP COLUMN cost_micros;

ALTER TABLE usage_ledger
    ADD CONSTRAINT usage_ledger_priced_has_version CHECK ((cost_usd IS NULL) = (price_version_id IS NULL)),
    ADD CONSTRAINT usage_ledger_unpriced_has_reason CHECK ((cost_usd IS NULL) = (unpriced_reason IS NOT NULL)),
    ADD CONSTRAINT usage_ledger_cost_is_its_parts CHECK (cost_usd = input_cost_usd + output_cost_usd);

CREATE INDEX usage_ledger_unpriced_exact ON usage_ledger (occurred_at) WHERE cost_usd IS NULL;
