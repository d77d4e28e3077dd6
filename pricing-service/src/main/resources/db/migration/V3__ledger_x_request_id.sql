-- The x-request-id of the HTTP exchange behind each event (llm.usage.v1 field x_request_id), so a client's
-- request id leads from their logs to the ledger row; NULL for events from publishers that predate the field.
ALTER TABLE usage_ledger ADD COLUMN x_request_id text;
