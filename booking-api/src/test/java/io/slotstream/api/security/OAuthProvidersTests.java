package io.slotstream.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.api.account.OAuthProviders;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A provider without a client id is not offered: no button, no authorization endpoint. */
class OAuthProvidersTests {

    static OAuthProviders bind(Map<String, String> properties) {
        var binder = new Binder(new MapConfigurationPropertySource(properties));
        var auth = binder.bindOrCreate("slotstream.auth", io.slotstream.api.account.AuthProperties.class);
        return OAuthProviders.of(auth);
    }

    @Test
    void noClientIdsOfferNothing() {
        OAuthProviders providers = bind(Map.of("slotstream.auth.google.client-id", "", "slotstream.auth.frontend-url", "/"));
        assertThat(providers.offered()).isEmpty();
        assertThat(providers.findByRegistrationId("google")).isNull();
        assertThat(providers.findByRegistrationId("github")).isNull();
    }

    @Test
    void onlyTheConfiguredProviderIsOfferedWithGitHubsEndpointsByDefault() {
        OAuthProviders providers = bind(Map.of("slotstream.auth.github.client-id", "id", "slotstream.auth.github.client-secret", "s"));
        assertThat(providers.offered()).extracting(OAuthProviders.Provider::id).containsExactly("github");
        assertThat(providers.findByRegistrationId("google")).isNull();
        assertThat(providers.findByRegistrationId("github").getProviderDetails().getTokenUri())
                .isEqualTo("https://github.com/login/oauth/access_token");
    }
}
