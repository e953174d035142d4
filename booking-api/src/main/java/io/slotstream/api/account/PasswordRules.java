package io.slotstream.api.account;

import io.slotstream.api.system.ApiProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a new password must be beyond its length (10 to 128, checked on the request): not containing the username,
 * not one of the common passwords in {@code security/common-passwords.txt}, and not a run of three or fewer
 * different characters.
 */
final class PasswordRules {

    private static final Set<String> COMMON = load();

    private PasswordRules() {}

    static void check(String username, String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.contains(username.toLowerCase(Locale.ROOT))) {
            throw weak("The password must not contain the username.");
        }
        if (COMMON.contains(lower)) {
            throw weak("That password is one of the most common ones; please choose another.");
        }
        if (lower.chars().distinct().count() <= 3) {
            throw weak("The password needs more than three different characters.");
        }
    }

    private static ApiProblem weak(String detail) {
        return ApiProblem.badRequest("weak-password", "Password too weak", detail);
    }

    private static Set<String> load() {
        var stream = PasswordRules.class.getResourceAsStream("/security/common-passwords.txt");
        if (stream == null) {
            throw new IllegalStateException("security/common-passwords.txt is missing");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
