package dev.llmsuite.pricing.ledger;

import dev.llmsuite.usage.UsageEvent;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes priced events to {@code usage_ledger}.
 *
 * <p>A whole batch goes in one statement: each column travels as one array and {@code unnest} turns them back
 * into rows, which PostgreSQL inserts far faster than row-by-row statements. {@code ON CONFLICT (event_id)
 * DO NOTHING} makes a redelivered event (or a duplicate inside the batch) a no-op, and {@code RETURNING}
 * tells which events were new.
 */
public final class LedgerStore {

    private static final String INSERT = """
            INSERT INTO usage_ledger (event_id, occurred_at, tenant, service, model, operation,
                prompt_tokens, completion_tokens, latency_ms, time_to_first_token_ms, finish_reason, request_id, x_request_id,
                price_version_id, input_cost_usd, output_cost_usd, cost_usd, unpriced_reason)
            SELECT * FROM unnest(?::uuid[], ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                ?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[], ?::text[])
            ON CONFLICT (event_id) DO NOTHING
            RETURNING tenant""";

    private LedgerStore() {
    }

    /**
     * Inserts the batch inside the caller's transaction.
     *
     * @return the tenant of each newly inserted row (redeliveries are absent)
     */
    public static List<String> insert(Connection connection, List<PricedEvent> batch) throws SQLException {
        int n = batch.size();
        UUID[] ids = new UUID[n];
        String[] occurred = new String[n];
        String[] tenants = new String[n];
        String[] services = new String[n];
        String[] models = new String[n];
        String[] operations = new String[n];
        Long[] prompt = new Long[n];
        Long[] completion = new Long[n];
        Long[] latency = new Long[n];
        Long[] firstToken = new Long[n];
        String[] finish = new String[n];
        String[] requests = new String[n];
        String[] xRequests = new String[n];
        Long[] versions = new Long[n];
        BigDecimal[] input = new BigDecimal[n];
        BigDecimal[] output = new BigDecimal[n];
        BigDecimal[] cost = new BigDecimal[n];
        String[] unpriced = new String[n];
        for (int i = 0; i < n; i++) {
            PricedEvent p = batch.get(i);
            UsageEvent e = p.event();
            ids[i] = e.eventId();
            occurred[i] = e.occurredAt().toString();
            tenants[i] = e.tenant();
            services[i] = e.service();
            models[i] = e.model();
            operations[i] = e.operation();
            prompt[i] = e.promptTokens();
            completion[i] = e.completionTokens();
            latency[i] = e.latencyMs();
            firstToken[i] = e.timeToFirstTokenMs();
            finish[i] = e.finishReason();
            requests[i] = e.requestId();
            xRequests[i] = e.xRequestId();
            versions[i] = p.priceVersionId();
            input[i] = p.inputUsd();
            output[i] = p.outputUsd();
            cost[i] = p.costUsd();
            unpriced[i] = p.unpricedReason();
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            Object[][] columns = {ids, occurred, tenants, services, models, operations, prompt, completion, latency,
                    firstToken, finish, requests, xRequests, versions, input, output, cost, unpriced};
            for (int c = 0; c < columns.length; c++) {
                ps.setArray(c + 1, array(connection, columns[c]));
            }
            List<String> inserted = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
            return inserted;
        }
    }

    private static Array array(Connection connection, Object[] values) throws SQLException {
        String type = switch (values) {
            case UUID[] u -> "uuid";
            case Long[] l -> "int8";
            case BigDecimal[] d -> "numeric";
            default -> "text";
        };
        return connection.createArrayOf(type, values);
    }
}
