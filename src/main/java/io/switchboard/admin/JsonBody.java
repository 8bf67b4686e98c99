package io.switchboard.admin;

import io.switchboard.security.Role;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * JSON for the HTTP API: request bodies parsed as objects, with typed field access that answers
 * 400 on bad input, and the one provider responses are built with.
 */
final class JsonBody {

    // Json.createXxx looks the provider up on every call (a class-path scan); look it up once.
    static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    static JsonBody parse(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject o) {
                return new JsonBody(o);
            }
        } catch (JsonException | IllegalStateException e) {
            // answered below
        }
        throw new ApiException(400, "bad_json", "the body must be a JSON object");
    }

    String string(String field) {
        if (object.get(field) instanceof JsonString s && !s.getString().isEmpty()) {
            return s.getString();
        }
        throw ApiException.badRequest(field + " must be a non-empty string");
    }

    /** Any JSON value, null included, that must be present. */
    JsonValue value(String field) {
        JsonValue v = object.get(field);
        if (v == null) {
            throw ApiException.badRequest(field + " is required");
        }
        return v;
    }

    boolean bool(String field) {
        JsonValue v = object.get(field);
        if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
            return v == JsonValue.TRUE;
        }
        throw ApiException.badRequest(field + " must be true or false");
    }

    /** Roles as the API writes them: an array of their names. */
    static JsonArrayBuilder rolesArray(Collection<Role> roles) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        roles.forEach(r -> array.add(r.wire()));
        return array;
    }

    Set<Role> roles(String field) {
        if (!(object.get(field) instanceof JsonArray array) || array.isEmpty()) {
            throw ApiException.badRequest(field + " must be a non-empty array of user, moderator, admin");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonValue v : array) {
            Role role = v instanceof JsonString s ? Role.parse(s.getString()).orElse(null) : null;
            if (role == null) {
                throw ApiException.badRequest(field + " must hold only user, moderator, admin");
            }
            roles.add(role);
        }
        return roles;
    }
}
