package io.slotstream.api.account;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;

/**
 * The sign-in providers this instance offers: Google and GitHub, each only when its client id is configured. Both
 * use Spring Security's endpoints ({@code /oauth2/authorization/{id}}, {@code /login/oauth2/code/{id}}).
 */
@org.springframework.stereotype.Component
public final class OAuthProviders implements ClientRegistrationRepository, Iterable<ClientRegistration> {

    public static final String GOOGLE = "google";
    public static final String GITHUB = "github";
    static final String REDIRECT_URI = "{baseUrl}/login/oauth2/code/{registrationId}";

    /** What the sign-in page needs to show one button. */
    public record Provider(String id, String name, String authorizationUrl) {}

    private final Map<String, ClientRegistration> registrations = new LinkedHashMap<>();

    /** The providers configured in {@code properties}. */
    public static OAuthProviders of(AuthProperties properties) {
        return new OAuthProviders(properties);
    }

    OAuthProviders(AuthProperties properties) {
        AuthProperties.Google google = properties.google();
        if (configured(google.clientId())) {
            registrations.put(GOOGLE, ClientRegistration.withRegistrationId(GOOGLE)
                    .clientName("Google")
                    .clientId(google.clientId())
                    .clientSecret(google.clientSecret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(REDIRECT_URI)
                    .scope("openid", "profile", "email")
                    .issuerUri(google.issuerUri())
                    .authorizationUri(google.authorizationUri())
                    .tokenUri(google.tokenUri())
                    .jwkSetUri(google.jwkSetUri())
                    .userInfoUri(google.userInfoUri())
                    .userNameAttributeName(IdTokenClaimNames.SUB)
                    .build());
        }
        AuthProperties.GitHub github = properties.github();
        if (configured(github.clientId())) {
            registrations.put(GITHUB, ClientRegistration.withRegistrationId(GITHUB)
                    .clientName("GitHub")
                    .clientId(github.clientId())
                    .clientSecret(github.clientSecret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(REDIRECT_URI)
                    .scope("read:user", "user:email")
                    .authorizationUri(github.authorizationUri())
                    .tokenUri(github.tokenUri())
                    .userInfoUri(github.userInfoUri())
                    .userNameAttributeName("id")
                    .build());
        }
    }

    private static boolean configured(@Nullable String clientId) {
        return clientId != null && !clientId.isBlank();
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        return registrations.get(registrationId);
    }

    public boolean offers(String registrationId) {
        return registrations.containsKey(registrationId);
    }

    public List<Provider> offered() {
        return registrations.values().stream()
                .map(r -> new Provider(r.getRegistrationId(), r.getClientName(), "/oauth2/authorization/" + r.getRegistrationId()))
                .toList();
    }

    @Override
    public Iterator<ClientRegistration> iterator() {
        return registrations.values().iterator();
    }
}
