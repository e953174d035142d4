package io.slotstream.api.account;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings: the providers and the attempt limits.
 *
 * @param frontendUrl where the browser goes after a provider sign-in or link (default {@code /}, the app on the
 *     API's own origin); a query parameter says what happened ({@code authError=...} or {@code linked=...})
 * @param google Google (OpenID Connect); offered only when its client id is set
 * @param github GitHub (OAuth2 and its user API); offered only when its client id is set
 * @param limits attempt limits, counted in Redis so that every API replica shares them
 */
@ConfigurationProperties("slotstream.auth")
public record AuthProperties(
        @DefaultValue("/") String frontendUrl,
        @DefaultValue Google google,
        @DefaultValue GitHub github,
        @DefaultValue Limits limits) {

    /**
     * Endpoints default to Google's; tests point them at a local OpenID Connect server.
     *
     * @param issuerUri the {@code iss} every ID token must carry
     */
    public record Google(
            @Nullable String clientId,
            @Nullable String clientSecret,
            @DefaultValue("https://accounts.google.com") String issuerUri,
            @DefaultValue("https://accounts.google.com/o/oauth2/v2/auth") String authorizationUri,
            @DefaultValue("https://oauth2.googleapis.com/token") String tokenUri,
            @DefaultValue("https://www.googleapis.com/oauth2/v3/certs") String jwkSetUri,
            @DefaultValue("https://openidconnect.googleapis.com/v1/userinfo") String userInfoUri) {}

    /**
     * Endpoints default to GitHub's.
     *
     * @param emailsUri GitHub's {@code /user/emails}: the only place a private primary email and whether it is
     *     verified can be read
     */
    public record GitHub(
            @Nullable String clientId,
            @Nullable String clientSecret,
            @DefaultValue("https://github.com/login/oauth/authorize") String authorizationUri,
            @DefaultValue("https://github.com/login/oauth/access_token") String tokenUri,
            @DefaultValue("https://api.github.com/user") String userInfoUri,
            @DefaultValue("https://api.github.com/user/emails") String emailsUri) {}

    /**
     * @param loginFailuresPerAccount failed password sign-ins for one login name within {@code loginWindow}
     *     (default 10); then 429 until the window ends
     * @param loginFailuresPerAddress failed password sign-ins from one client address within {@code loginWindow}
     *     (default 50)
     * @param loginWindow default 15 minutes
     * @param registrationsPerAddress registrations from one client address within {@code registrationWindow}
     *     (default 300, generous so that a classroom or an office behind one address is not locked out)
     * @param registrationWindow default one hour
     * @param bookingsPerUser booking requests of one account within {@code bookingWindow} (default 20), so that one
     *     client cannot flood a sale start
     * @param bookingWindow default 10 seconds
     */
    public record Limits(
            @DefaultValue("10") int loginFailuresPerAccount,
            @DefaultValue("50") int loginFailuresPerAddress,
            @DefaultValue("15m") Duration loginWindow,
            @DefaultValue("300") int registrationsPerAddress,
            @DefaultValue("1h") Duration registrationWindow,
            @DefaultValue("20") int bookingsPerUser,
            @DefaultValue("10s") Duration bookingWindow) {}
}
