package io.slotstream.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests generated from the API's own OpenAPI document ({@code /v3/api-docs}): every operation, with parameters and
 * bodies built from their schemas and then bent (wrong types, missing and unknown fields, extreme numbers and dates,
 * long and odd strings). Bounded and seeded, so a failure can be replayed: no answer may be a 5xx, and every 4xx must
 * be problem+json.
 */
class OpenApiFuzzIntegrationTests extends ReliabilityTestBase {

    private static final Logger log = LoggerFactory.getLogger(OpenApiFuzzIntegrationTests.class);
    static final long SEED = 20261124L;
    static final int REQUESTS = 400;
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final JsonMapper JSON = JsonMapper.builder().build();

    Random random;
    JsonNode document;
    final List<String> knownSlots = new ArrayList<>();

    record Operation(String method, String path, JsonNode spec) {}

    @Test
    void generatedRequestsFromTheOpenApiDocumentGetNoServerError() {
        random = new Random(SEED);
        ApiClient admin = admin();
        // a slot in each seeded category keeps the generated deletes of categories 1 to 3 from succeeding
        for (long category = 1; category <= 3; category++) {
            knownSlots.add(createSlot(admin, daysAhead(30 + (int) category), 2, category).toString());
        }
        Answer docs = browser().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        document = docs.json();
        List<Operation> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (List.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue()));
            }
        }));
        assertThat(operations).as("operations in the document").hasSizeGreaterThan(15);

        ApiClient user = signedInUser();
        List<String> failures = new ArrayList<>();
        int[] byClass = new int[6];
        for (int i = 0; i < REQUESTS; i++) {
            Operation operation = operations.get(i < operations.size() ? i : random.nextInt(operations.size()));
            String path = buildPath(operation);
            String body = operation.spec().has("requestBody") ? buildBody(operation.spec().get("requestBody")) : null;
            ApiClient client = operation.path().startsWith("/api/admin") ? admin
                    : operation.path().startsWith("/api/auth") ? browser()
                    : user;
            Answer answer = body == null
                    ? client.send(operation.method(), path, null, Map.of())
                    : client.sendRaw(operation.method(), path, body, Map.of());
            byClass[answer.status() / 100]++;
            if (answer.status() >= 500) {
                failures.add(operation.method() + " " + path + " " + abbreviate(body) + " -> " + answer.status() + " " + answer.body());
            } else if (answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json")) {
                failures.add(operation.method() + " " + path + " -> " + answer.status() + " not problem+json: " + answer.contentType());
            }
        }
        log.info("Fuzzed {} requests over {} operations (seed {}): 2xx={} 3xx={} 4xx={} 5xx={}",
                REQUESTS, operations.size(), SEED, byClass[2], byClass[3], byClass[4], byClass[5]);
        assertThat(failures).as("answers with a server error or without problem+json").isEmpty();
        // the generator must reach past validation now and then, or it only tests the JSON parser
        assertThat(byClass[2]).as("successful generated requests").isGreaterThan(10);
        assertThat(byClass[4]).as("refused generated requests").isGreaterThan(50);
    }

    private String buildPath(Operation operation) {
        String path = operation.path();
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.spec().path("parameters")) {
            String name = parameter.get("name").asString();
            String in = parameter.get("in").asString();
            JsonNode schema = resolve(parameter.path("schema"));
            if ("path".equals(in)) {
                path = path.replace("{" + name + "}", encode(scalarText(name, schema)));
            } else if ("query".equals(in) && random.nextInt(10) < (parameter.path("required").asBoolean(false) ? 9 : 6)) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(encode(scalarText(name, schema)));
            }
        }
        return path + query;
    }

    private String buildBody(JsonNode requestBody) {
        JsonNode content = requestBody.path("content");
        JsonNode media = content.has("application/json") ? content.get("application/json") : content.values().iterator().next();
        if (random.nextInt(25) == 0) {
            return List.of("", "{", "[]", "null", "{\"a\":}", "\"text\"").get(random.nextInt(6));
        }
        return JSON.writeValueAsString(value("body", resolve(media.path("schema")), 0));
    }

    /** A value for the schema, mostly right, sometimes bent. */
    private JsonNode value(String name, JsonNode declared, int depth) {
        if (random.nextInt(8) == 0) {
            return wrong();
        }
        JsonNode schema = resolve(declared);
        String type = type(schema);
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").properties().forEach(property -> {
                    boolean required = false;
                    for (JsonNode r : schema.path("required")) {
                        required |= r.asString().equals(property.getKey());
                    }
                    if (random.nextInt(10) < (required ? 9 : 6) && depth < 4) {
                        object.set(property.getKey(), value(property.getKey(), property.getValue(), depth + 1));
                    }
                });
                if (random.nextInt(15) == 0) {
                    object.put("unexpected" + random.nextInt(100), "surprise");
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(10) == 0 ? random.nextInt(40) : random.nextInt(4);
                for (int i = 0; i < size && depth < 4; i++) {
                    array.add(value(name, schema.path("items"), depth + 1));
                }
                return array;
            }
            case "integer", "number" -> {
                return NODES.numberNode(number(name));
            }
            case "boolean" -> {
                return NODES.booleanNode(random.nextBoolean());
            }
            default -> {
                return NODES.stringNode(scalarText(name, schema));
            }
        }
    }

    /** The text of a scalar: a path or query parameter, or a string field. */
    private String scalarText(String name, JsonNode schema) {
        schema = resolve(schema);
        if (random.nextInt(10) == 0) {
            return randomString();
        }
        if (schema.has("enum")) {
            JsonNode values = schema.get("enum");
            return values.get(random.nextInt(values.size())).asString();
        }
        String type = type(schema);
        if ("integer".equals(type) || "number".equals(type)) {
            return Long.toString(number(name));
        }
        return switch (schema.path("format").asString("")) {
            case "uuid" -> random.nextInt(3) == 0 ? knownSlots.get(random.nextInt(knownSlots.size())) : UUID.randomUUID().toString();
            case "date-time" -> instant().toString();
            case "date" -> date().toString();
            default -> stringFor(name);
        };
    }

    private String stringFor(String name) {
        return switch (name) {
            case "zone" -> List.of("UTC", "Europe/Oslo", "Mars/Olympus", "+25:00", "").get(random.nextInt(5));
            case "color" -> random.nextBoolean() ? String.format("#%06x", random.nextInt(0x1000000)) : "red";
            case "startTime", "endTime" -> String.format("%02d:%02d", random.nextInt(26), random.nextInt(61));
            case "email" -> "fuzz" + random.nextInt(100_000) + "@example.test";
            case "username" -> "fuzz" + random.nextInt(100_000);
            case "password" -> "fuzz password " + random.nextInt(100_000);
            case "scope" -> List.of("all", "upcoming", "past", "other").get(random.nextInt(4));
            default -> randomString();
        };
    }

    private long number(String name) {
        return switch (random.nextInt(8)) {
            case 0 -> -1;
            case 1 -> 0;
            case 2 -> Long.MAX_VALUE;
            case 3 -> 1L << 31;
            case 4 -> random.nextInt(1_000_000);
            default -> name.toLowerCase().contains("categor") || "id".equals(name) ? 1 + random.nextInt(4) : 1 + random.nextInt(20);
        };
    }

    private Instant instant() {
        Instant now = Instant.now();
        return switch (random.nextInt(8)) {
            case 0 -> Instant.MAX;
            case 1 -> Instant.MIN;
            case 2 -> Instant.EPOCH;
            case 3 -> now.minus(Duration.ofDays(random.nextInt(1000)));
            case 4 -> now.plus(Duration.ofDays(365L * 4 + random.nextInt(1000)));
            default -> now.plus(Duration.ofHours(1 + random.nextInt(24 * 300))).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        };
    }

    private LocalDate date() {
        return switch (random.nextInt(8)) {
            case 0 -> LocalDate.MAX;
            case 1 -> LocalDate.MIN;
            default -> LocalDate.now(ZoneOffset.UTC).plusDays(random.nextInt(800) - 100);
        };
    }

    private JsonNode wrong() {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.objectNode().put("x", 1);
            case 2 -> NODES.arrayNode().add("a");
            case 3 -> NODES.booleanNode(true);
            case 4 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 5 -> NODES.numberNode(-7.25);
            case 6 -> NODES.stringNode("x".repeat(random.nextInt(3) == 0 ? 20_000 : 3));
            default -> NODES.stringNode(randomString());
        };
    }

    private String randomString() {
        int length = random.nextInt(6) == 0 ? 300 + random.nextInt(3000) : random.nextInt(12);
        StringBuilder text = new StringBuilder();
        String alphabet = "aZ09 -_.:/\\'\"%<>{}[]&?=#\u00e9\u6f22\ud83d\ude00\u0000\u0007\t\n";
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private JsonNode resolve(JsonNode schema) {
        for (int i = 0; i < 10 && schema != null; i++) {
            if (schema.has("$ref")) {
                String ref = schema.get("$ref").asString();
                schema = document.at(ref.substring(1));
            } else if (schema.has("allOf") || schema.has("oneOf") || schema.has("anyOf")) {
                JsonNode options = schema.has("allOf") ? schema.get("allOf") : schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf");
                schema = options.get(0);
            } else {
                return schema;
            }
        }
        return schema == null ? NODES.objectNode() : schema;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asString())) {
                    return t.asString();
                }
            }
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
