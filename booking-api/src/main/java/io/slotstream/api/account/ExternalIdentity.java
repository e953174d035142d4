package io.slotstream.api.account;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * Who a provider says signed in. {@code subject} is the provider's stable id for the person and the only key;
 * the email is trusted for joining accounts only when {@code emailVerified}.
 */
record ExternalIdentity(
        String provider, String subject, @Nullable String email, boolean emailVerified, String preferredName) {

    static ExternalIdentity of(OAuth2AuthenticationToken token) {
        String provider = token.getAuthorizedClientRegistrationId();
        OAuth2User user = token.getPrincipal();
        if (user instanceof OidcUser oidc) {
            String email = blankToNull(oidc.getEmail());
            String name = firstNonBlank(
                    oidc.getPreferredUsername(), oidc.getGivenName(), email == null ? null : email.split("@")[0], "user");
            return new ExternalIdentity(
                    provider, oidc.getSubject(), email, email != null && Boolean.TRUE.equals(oidc.getEmailVerified()), name);
        }
        String email = blankToNull(user.getAttribute(GitHubUserService.EMAIL));
        boolean verified = Boolean.TRUE.equals(user.getAttribute(GitHubUserService.EMAIL_VERIFIED));
        Object login = user.getAttribute("login");
        return new ExternalIdentity(
                provider, user.getName(), email, email != null && verified,
                firstNonBlank(login == null ? null : login.toString(), "user"));
    }

    private static @Nullable String blankToNull(@Nullable Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim().toLowerCase(Locale.ROOT);
    }

    private static String firstNonBlank(@Nullable String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "user";
    }
}
