package io.slotstream.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.SoftAssertions;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every endpoint that takes a body or parameters, fed what a broken or hostile client sends: malformed JSON, wrong
 * types, unknown and missing fields, huge strings and numbers, dates out of range, negative capacities, a slot that
 * ends before it starts, a body over the limit. Each answer is a 4xx {@code application/problem+json}, never a 500,
 * and no row is written anywhere.
 */
class BadInputIntegrationTests extends ReliabilityTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Under the 64 KiB body limit, so it reaches validation rather than the size filter. */
    static final String HUGE_STRING = "x".repeat(60_000);
    static final String OVER_LIMIT = "y".repeat(70_000);

    /** A request, who sends it, and a name for the report. */
    record Case(String name, String method, String path, String body, boolean asAdmin) {}

    ApiClient admin;
    ApiClient anonymous;
    ApiClient user;

    @BeforeEach
    void clients() {
        admin = admin();
        anonymous = browser();
        user = signedInUser();
    }

    /** A valid body of each endpoint that takes one; the cases break one thing at a time. */
    static Map<String, ObjectNode> validBodies() {
        Map<String, ObjectNode> bodies = new LinkedHashMap<>();
        bodies.put("POST /api/auth/register", obj("{\"username\":\"valid-name\",\"email\":\"valid@example.test\",\"password\":\"long enough pass\"}"));
        bodies.put("POST /api/auth/login", obj("{\"username\":\"root\",\"password\":\"admin-password-1\"}"));
        bodies.put("POST /api/bookings", obj("{\"slotId\":\"" + UUID.randomUUID() + "\"}"));
        bodies.put("POST /api/admin/timeslots", obj("{\"categoryId\":1,\"startsAt\":\"2027-06-01T10:00:00Z\",\"endsAt\":\"2027-06-01T11:00:00Z\",\"capacity\":2}"));
        bodies.put("POST /api/admin/timeslots/batch", obj("{\"slots\":[{\"categoryId\":1,\"startsAt\":\"2027-06-01T10:00:00Z\",\"endsAt\":\"2027-06-01T11:00:00Z\",\"capacity\":2}]}"));
        bodies.put("POST /api/admin/timeslots/recurring", obj("{\"categoryId\":1,\"firstDate\":\"2027-06-01\",\"lastDate\":\"2027-06-14\","
                + "\"daysOfWeek\":[\"MONDAY\"],\"startTime\":\"09:00\",\"endTime\":\"10:00\",\"zone\":\"UTC\",\"capacity\":1}"));
        bodies.put("POST /api/admin/categories", obj("{\"name\":\"Valid name\",\"color\":\"#112233\"}"));
        bodies.put("PUT /api/admin/categories/1", obj("{\"name\":\"Valid name\",\"color\":\"#112233\"}"));
        return bodies;
    }

    /** The generic breakages of a JSON body, applied to every endpoint. */
    static List<Case> bodyCases() {
        List<Case> cases = new ArrayList<>();
        validBodies().forEach((endpoint, valid) -> {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            boolean asAdmin = path.startsWith("/api/admin");
            java.util.function.BiConsumer<String, String> add =
                    (name, body) -> cases.add(new Case(endpoint + " " + name, method, path, body, asAdmin));
            add.accept("malformed JSON", valid.toString().substring(0, valid.toString().length() / 2));
            add.accept("trailing garbage", valid + "}}");
            add.accept("empty body", "");
            add.accept("JSON null", "null");
            add.accept("array instead of object", "[" + valid + "]");
            add.accept("string instead of object", "\"" + valid.toString().replace("\"", "'") + "\"");
            add.accept("deeply nested", "[".repeat(5_000) + "]".repeat(5_000));
            add.accept("body over the limit", "{\"pad\":\"" + OVER_LIMIT + "\"}");
            ObjectNode unknown = valid.deepCopy();
            unknown.put("isAdmin", true);
            add.accept("unknown field", unknown.toString());
            valid.propertyNames().forEach(field -> {
                if (!OPTIONAL.contains(field)) {
                    ObjectNode missing = valid.deepCopy();
                    missing.remove(field);
                    add.accept("missing " + field, missing.toString());
                    ObjectNode nulled = valid.deepCopy();
                    nulled.putNull(field);
                    add.accept("null " + field, nulled.toString());
                }
                for (Map.Entry<String, String> wrong : wrongValues().entrySet()) {
                    ObjectNode broken = valid.deepCopy();
                    broken.set(field, JSON.readTree(wrong.getValue()));
                    if (!ACCEPTABLE.getOrDefault(field, Set.of()).contains(wrong.getKey())) {
                        add.accept(field + " = " + wrong.getKey(), broken.toString());
                    }
                }
            });
        });
        return cases;
    }

    /** Values of the wrong type or out of any sensible range, tried in every field. */
    static Map<String, String> wrongValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("object", "{\"a\":1}");
        values.put("array", "[1,2]");
        values.put("boolean", "true");
        values.put("number", "42");
        values.put("fraction", "1.5");
        values.put("huge number", "1" + "0".repeat(400));
        values.put("empty string", "\"\"");
        values.put("huge string", "\"" + HUGE_STRING + "\"");
        values.put("NUL and controls", "\"a\\u0000b\\u0007\"");
        values.put("date far future", "\"+999999999-12-31T23:59:59Z\"");
        values.put("local date far", "\"+999999999-12-31\"");
        values.put("not a uuid", "\"not-a-uuid\"");
        return values;
    }

    /** Fields a valid request may leave out. */
    static final Set<String> OPTIONAL = Set.of("capacity");

    /**
     * Values that are right for the field after all: 42 places; and {@code [1,2]} for a time, which is Jackson's
     * documented array form of 01:02, a time like any other.
     */
    static final Map<String, Set<String>> ACCEPTABLE = Map.of(
            "capacity", Set.of("number"),
            "startTime", Set.of("array"),
            "endTime", Set.of("array"),
            // free text: a name or password that looks like a date or a UUID is still a fine name or password
            "name", Set.of("date far future", "local date far", "not a uuid"),
            "username", Set.of("date far future", "local date far", "not a uuid"),
            "password", Set.of("date far future", "local date far", "not a uuid"));

    /** What only some endpoints can get wrong: capacities, time order, ranges, zones, parameters, ids. */
    List<Case> specificCases(String takenName) {
        List<Case> cases = new ArrayList<>();
        String slot = "/api/admin/timeslots";
        cases.add(new Case("capacity 0", "POST", slot, slotBody("2027-06-01T10:00:00Z", "2027-06-01T11:00:00Z", "0"), true));
        cases.add(new Case("capacity -5", "POST", slot, slotBody("2027-06-01T10:00:00Z", "2027-06-01T11:00:00Z", "-5"), true));
        cases.add(new Case("capacity 1001", "POST", slot, slotBody("2027-06-01T10:00:00Z", "2027-06-01T11:00:00Z", "1001"), true));
        cases.add(new Case("capacity int overflow", "POST", slot, slotBody("2027-06-01T10:00:00Z", "2027-06-01T11:00:00Z", "2147483648"), true));
        cases.add(new Case("ends before start", "POST", slot, slotBody("2027-06-01T10:00:00Z", "2027-06-01T09:00:00Z", "1"), true));
        cases.add(new Case("ends at start", "POST", slot, slotBody("2027-06-01T10:00:00Z", "2027-06-01T10:00:00Z", "1"), true));
        cases.add(new Case("longer than a day", "POST", slot, slotBody("2027-06-01T10:00:00Z", "2027-06-03T10:00:00Z", "1"), true));
        cases.add(new Case("in the past", "POST", slot, slotBody("2020-06-01T10:00:00Z", "2020-06-01T11:00:00Z", "1"), true));
        cases.add(new Case("far future", "POST", slot, slotBody("+999999999-12-31T20:00:00Z", "+999999999-12-31T21:00:00Z", "1"), true));
        cases.add(new Case("far past", "POST", slot, slotBody("-999999999-01-01T10:00:00Z", "-999999999-01-01T11:00:00Z", "1"), true));
        cases.add(new Case("year 10000", "POST", slot, slotBody("+10000-01-01T10:00:00Z", "+10000-01-01T11:00:00Z", "1"), true));
        cases.add(new Case("unknown category", "POST", slot,
                "{\"categoryId\":999999,\"startsAt\":\"2027-06-01T10:00:00Z\",\"endsAt\":\"2027-06-01T11:00:00Z\"}", true));
        cases.add(new Case("category 0", "POST", slot,
                "{\"categoryId\":0,\"startsAt\":\"2027-06-01T10:00:00Z\",\"endsAt\":\"2027-06-01T11:00:00Z\"}", true));
        cases.add(new Case("offset date-time", "POST", slot,
                "{\"categoryId\":1,\"startsAt\":\"2027-06-01T10:00:00+25:00\",\"endsAt\":\"2027-06-01T11:00:00Z\"}", true));
        cases.add(new Case("batch empty", "POST", slot + "/batch", "{\"slots\":[]}", true));
        cases.add(new Case("batch with a null", "POST", slot + "/batch", "{\"slots\":[null]}", true));
        StringBuilder many = new StringBuilder("{\"slots\":[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"categoryId\":1,\"startsAt\":\"2027-06-01T10:00:00Z\",\"endsAt\":\"2027-06-01T11:00:00Z\"}");
        }
        cases.add(new Case("batch of 1001 (over the body limit too)", "POST", slot + "/batch", many.append("]}").toString(), true));
        cases.add(new Case("batch where the second ends before it starts", "POST", slot + "/batch", "{\"slots\":["
                + slotBody("2027-06-01T10:00:00Z", "2027-06-01T11:00:00Z", "1") + ","
                + slotBody("2027-06-02T10:00:00Z", "2027-06-02T09:00:00Z", "1") + "]}", true));
        String series = "/api/admin/timeslots/recurring";
        cases.add(new Case("series last before first", "POST", series, seriesBody("2027-06-14", "2027-06-01", "09:00", "10:00", "UTC", "[\"MONDAY\"]"), true));
        cases.add(new Case("series over a year", "POST", series, seriesBody("2027-06-01", "2029-06-01", "09:00", "10:00", "UTC", "[\"MONDAY\"]"), true));
        cases.add(new Case("series far future", "POST", series,
                seriesBody("+999999999-12-01", "+999999999-12-31", "09:00", "10:00", "UTC", "[\"MONDAY\"]"), true));
        cases.add(new Case("series far past", "POST", series,
                seriesBody("-999999999-01-01", "-999999999-01-31", "09:00", "10:00", "UTC", "[\"MONDAY\"]"), true));
        cases.add(new Case("series in the past", "POST", series, seriesBody("2020-06-01", "2020-06-14", "09:00", "10:00", "UTC", "[\"MONDAY\"]"), true));
        cases.add(new Case("series same start and end", "POST", series, seriesBody("2027-06-01", "2027-06-14", "09:00", "09:00", "UTC", "[\"MONDAY\"]"), true));
        cases.add(new Case("series unknown zone", "POST", series, seriesBody("2027-06-01", "2027-06-14", "09:00", "10:00", "Mars/Olympus", "[\"MONDAY\"]"), true));
        cases.add(new Case("series zone offset garbage", "POST", series, seriesBody("2027-06-01", "2027-06-14", "09:00", "10:00", "+99:99", "[\"MONDAY\"]"), true));
        cases.add(new Case("series unknown weekday", "POST", series, seriesBody("2027-06-01", "2027-06-14", "09:00", "10:00", "UTC", "[\"FUNDAY\"]"), true));
        cases.add(new Case("series no weekdays", "POST", series, seriesBody("2027-06-01", "2027-06-14", "09:00", "10:00", "UTC", "[]"), true));
        cases.add(new Case("series weekday null", "POST", series, seriesBody("2027-06-01", "2027-06-14", "09:00", "10:00", "UTC", "[null]"), true));
        cases.add(new Case("series no matching weekday", "POST", series, seriesBody("2027-06-01", "2027-06-01", "09:00", "10:00", "UTC", "[\"SUNDAY\"]"), true));
        cases.add(new Case("category bad colour", "POST", "/api/admin/categories", "{\"name\":\"n\",\"color\":\"red\"}", true));
        cases.add(new Case("category blank name", "POST", "/api/admin/categories", "{\"name\":\"   \",\"color\":\"#000000\"}", true));
        cases.add(new Case("category duplicate name", "POST", "/api/admin/categories", "{\"name\":\"" + takenName + "\",\"color\":\"#000000\"}", true));
        cases.add(new Case("category id not a number", "PUT", "/api/admin/categories/abc", "{\"name\":\"n\",\"color\":\"#000000\"}", true));
        cases.add(new Case("category id overflow", "PUT", "/api/admin/categories/99999999999999999999", "{\"name\":\"n\",\"color\":\"#000000\"}", true));
        cases.add(new Case("unknown category id", "PUT", "/api/admin/categories/987654", "{\"name\":\"n\",\"color\":\"#000000\"}", true));
        cases.add(new Case("register short password", "POST", "/api/auth/register", "{\"username\":\"abc\",\"email\":\"a@b.test\",\"password\":\"short\"}", false));
        cases.add(new Case("register bad email", "POST", "/api/auth/register", "{\"username\":\"abcd\",\"email\":\"nope\",\"password\":\"long enough pass\"}", false));
        cases.add(new Case("register bad username", "POST", "/api/auth/register", "{\"username\":\"a b/<c>\",\"email\":\"a@b.test\",\"password\":\"long enough pass\"}", false));
        cases.add(new Case("register taken name", "POST", "/api/auth/register", "{\"username\":\"ROOT\",\"email\":\"x@b.test\",\"password\":\"long enough pass\"}", false));
        cases.add(new Case("register password contains name", "POST", "/api/auth/register", "{\"username\":\"abcdef\",\"email\":\"x2@b.test\",\"password\":\"xxabcdefxxxx\"}", false));
        cases.add(new Case("booking unknown slot", "POST", "/api/bookings", "{\"slotId\":\"" + UUID.randomUUID() + "\"}", false));
        cases.add(new Case("booking slot as number", "POST", "/api/bookings", "{\"slotId\":12345}", false));
        // parameters and path variables
        for (String query : List.of(
                "from=nope&to=2027-01-01T00:00:00Z",
                "from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z",
                "from=2027-01-01T00:00:00Z&to=2028-01-01T00:00:00Z",
                "from=-999999999-01-01T00:00:00Z&to=-999999999-01-02T00:00:00Z",
                "from=+999999999-12-30T00:00:00Z&to=+999999999-12-31T00:00:00Z",
                "from=2027-01-01T00:00:00Z",
                "",
                "from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z&categoryId=abc",
                "from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z&categoryId=99999999999999999999")) {
            cases.add(new Case("timeslots " + query, "GET", "/api/timeslots?" + query, "", false));
            if (!query.contains("categoryId")) {
                // availability has no categoryId parameter; an unknown query parameter is ignored, as HTTP has it
                cases.add(new Case("availability " + query, "GET", "/api/availability?" + query, "", false));
            }
        }
        cases.add(new Case("availability unknown zone", "GET", "/api/availability?from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z&zone=Mars/Olympus", "", false));
        cases.add(new Case("availability huge zone", "GET", "/api/availability?from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z&zone=" + "Z".repeat(5000), "", false));
        for (String query : List.of("page=-1", "size=0", "size=100000", "page=99999999999", "page=2147483647&size=500",
                "status=MAYBE", "slotId=nope", "userId=1", "from=x", "from=-999999999-01-01T00:00:00Z",
                "to=+999999999-12-31T23:59:59Z")) {
            cases.add(new Case("admin bookings " + query, "GET", "/api/admin/bookings?" + query, "", true));
        }
        cases.add(new Case("my bookings bad scope", "GET", "/api/user/bookings?scope=everything", "", false));
        cases.add(new Case("booking id not a uuid", "GET", "/api/bookings/123", "", false));
        cases.add(new Case("cancel id not a uuid", "DELETE", "/api/bookings/123", "", false));
        cases.add(new Case("cancel unknown", "DELETE", "/api/bookings/" + UUID.randomUUID(), "", false));
        cases.add(new Case("delete slot not a uuid", "DELETE", "/api/admin/timeslots/xyz", "", true));
        cases.add(new Case("delete unknown slot", "DELETE", "/api/admin/timeslots/" + UUID.randomUUID(), "", true));
        cases.add(new Case("delete category overflow", "DELETE", "/api/admin/categories/99999999999999999999", "", true));
        cases.add(new Case("delete category negative", "DELETE", "/api/admin/categories/-1", "", true));
        cases.add(new Case("booking with bad Idempotency-Key header", "POST", "/api/bookings", "{\"slotId\":\"" + UUID.randomUUID() + "\"}", false));
        return cases;
    }

    @Test
    void everyEndpointRefusesBadBodiesWithAProblemAndWritesNothing() {
        run(bodyCases());
    }

    @Test
    void endpointSpecificBadInputIsRefusedWithAProblemAndWritesNothing() {
        // a slot in each seeded category keeps them from being deleted by the cases above
        createSlot(admin, daysAhead(20), 1, 1);
        String takenName = "Taken " + UUID.randomUUID().toString().substring(0, 8);
        Answer category = admin.post("/api/admin/categories", Map.of("name", takenName, "color", "#123456"));
        assertThat(category.status()).as(category.body()).isEqualTo(201);
        List<Case> cases = specificCases(takenName.toUpperCase());
        run(cases);
        // the wrong Idempotency-Key is a header, not a body; checked here on its own
        Answer badKey = user.post("/api/bookings", Map.of("slotId", UUID.randomUUID().toString()), Map.of("Idempotency-Key", "spaces are not allowed"));
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.contentType()).startsWith("application/problem+json");
    }

    private void run(List<Case> cases) {
        Map<String, Long> before = rowCounts();
        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            ApiClient client = c.asAdmin() ? admin : c.path().startsWith("/api/auth") ? anonymous : user;
            Answer answer = client.sendRaw(c.method(), c.path(), c.body(), Map.of());
            softly.assertThat(answer.status()).as("%s -> %s", c.name(), answer.body()).isBetween(400, 499);
            softly.assertThat(answer.contentType()).as("%s content type", c.name()).startsWith("application/problem+json");
            if (answer.contentType().startsWith("application/problem+json")) {
                softly.assertThat(answer.json().path("detail").asString("")).as("%s detail", c.name()).isNotBlank();
            }
        }
        softly.assertThat(rowCounts()).as("rows after %d bad requests", cases.size()).isEqualTo(before);
        softly.assertAll();
        assertThat(cases).hasSizeGreaterThan(50);
    }

    static ObjectNode obj(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    static String slotBody(String startsAt, String endsAt, String capacity) {
        return "{\"categoryId\":1,\"startsAt\":\"" + startsAt + "\",\"endsAt\":\"" + endsAt + "\",\"capacity\":" + capacity + "}";
    }

    static String seriesBody(String first, String last, String start, String end, String zone, String days) {
        return "{\"categoryId\":1,\"firstDate\":\"" + first + "\",\"lastDate\":\"" + last + "\",\"daysOfWeek\":" + days
                + ",\"startTime\":\"" + start + "\",\"endTime\":\"" + end + "\",\"zone\":\"" + zone + "\"}";
    }
}
