package dev.llmsuite.pricing.reports;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.tenancy.CurrentTenant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import javax.sql.DataSource;

/**
 * Usage and cost for a period, grouped by model, service, day or tenant; JSON, or CSV with {@code format=csv}.
 * A tenant sees only its own usage; the admin key sees every tenant's, or one with {@code tenant=}.
 * {@code from} and {@code to} are ISO dates (UTC midnight) or instants; {@code to} is exclusive;
 * the default period is the current UTC month.
 */
@Path("/v1/usage")
public class UsageResource {

    /** The years a report may span: the ledger's timestamps and the dates written back are four-digit years. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final UsageStore usage;
    private final CurrentTenant caller;

    UsageResource(DataSource dataSource, CurrentTenant caller) {
        this.usage = new UsageStore(dataSource);
        this.caller = caller;
    }

    @GET
    @Produces({"application/json", "text/csv"})
    public Response report(@QueryParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("group_by") String groupBy, @QueryParam("format") String format) {
        String scope = scope(tenant);
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        Instant start = from == null ? month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant() : instant(from, "from");
        Instant end = to == null ? month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant() : instant(to, "to");
        if (!end.isAfter(start)) {
            throw OpenAiException.badRequest("'to' must be after 'from'.", "to");
        }
        GroupBy grouping = GroupBy.parse(groupBy);
        if (grouping == GroupBy.TENANT && !caller.isAdmin()) {
            throw OpenAiException.badRequest("'group_by=tenant' needs the admin key.", "group_by");
        }
        UsageReport report = usage.report(scope, start, end, grouping);
        if (format == null || format.equals("json")) {
            return Response.ok(report, "application/json").build();
        }
        if (format.equals("csv")) {
            return Response.ok(report.toCsv(), "text/csv")
                    .header("Content-Disposition", "attachment; filename=\"usage.csv\"").build();
        }
        throw OpenAiException.badRequest("'format' must be json or csv.", "format");
    }

    /** The tenant whose rows the caller may read; {@code null} means all tenants (admin only). */
    private String scope(String requested) {
        String own = caller.id();
        if (caller.isAdmin()) {
            return requested == null || requested.isBlank() ? null : requested;
        }
        if (requested != null && !requested.equals(own)) {
            throw OpenAiException.forbidden("A tenant key can only read its own usage.");
        }
        return own;
    }

    private static Instant instant(String value, String param) {
        Instant instant;
        try {
            instant = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw OpenAiException.badRequest("'" + param + "' must be a date (2026-11-01) or an instant (2026-11-01T00:00:00Z).", param);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw OpenAiException.badRequest("'" + param + "' must lie between the years 1 and 9999.", param);
        }
        return instant;
    }
}
