package io.slotstream.api.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Sign-in with Google and GitHub on Spring Security's OAuth2 login, with state, PKCE and (for Google) a nonce.
 *
 * <p>After the provider answers, the provider's authentication is replaced by the same kind of session content a
 * password sign-in leaves: a {@link UsernamePasswordAuthenticationToken} named by the account id with the
 * account's roles. So push-service, which reads sessions with spring-security-core alone, and every controller
 * see no difference, and no provider token stays in the session.
 */
@Component
public class OAuthLogin implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    /** Session attribute: "provider|accountId|expiresAtMillis", set when a signed-in user starts linking. */
    static final String LINK_INTENT = "slotstream.oauth.link";
    static final Duration LINK_INTENT_LIFETIME = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(OAuthLogin.class);

    private final OAuthProviders providers;
    private final OAuthAccounts accounts;
    private final AccountRepository accountRepository;
    private final SecurityContextRepository contextRepository;
    private final AuthProperties properties;
    private final OAuth2UserService<OAuth2UserRequest, OAuth2User> userService;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    OAuthLogin(
            OAuthProviders providers,
            OAuthAccounts accounts,
            AccountRepository accountRepository,
            SecurityContextRepository contextRepository,
            AuthProperties properties) {
        this.providers = providers;
        this.accounts = accounts;
        this.accountRepository = accountRepository;
        this.contextRepository = contextRepository;
        this.properties = properties;
        OAuth2UserService<OAuth2UserRequest, OAuth2User> github = new GitHubUserService(RestClient.builder(), properties.github().emailsUri());
        OAuth2UserService<OAuth2UserRequest, OAuth2User> plain = new DefaultOAuth2UserService();
        this.userService = request -> OAuthProviders.GITHUB.equals(request.getClientRegistration().getRegistrationId())
                ? github.loadUser(request)
                : plain.loadUser(request);
    }

    /** Adds OAuth2 login to the API's filter chain. Nothing is offered when no provider is configured. */
    public void configure(HttpSecurity http) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver resolver =
                new DefaultOAuth2AuthorizationRequestResolver(providers, "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.oauth2Login(login -> login
                .clientRegistrationRepository(providers)
                // the provider's tokens are not used after sign-in, so none is kept
                .authorizedClientRepository(new DiscardAuthorizedClients())
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                .userInfoEndpoint(userInfo -> userInfo.userService(userService))
                // no server-rendered login page: the app shows the buttons from /api/auth/providers
                .loginPage(properties.frontendUrl())
                .successHandler(this)
                .failureHandler(this));
    }

    /** Remembers in the session that the signed-in account wants to link {@code provider} on its next callback. */
    static void rememberLinkIntent(HttpServletRequest request, String provider, UUID userId) {
        long expires = Instant.now().plus(LINK_INTENT_LIFETIME).toEpochMilli();
        request.getSession().setAttribute(LINK_INTENT, provider + "|" + userId + "|" + expires);
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) authentication;
        ExternalIdentity identity = ExternalIdentity.of(token);
        UUID linking = takeLinkIntent(request, identity.provider());
        OAuthAccounts.Outcome outcome = accounts.signIn(identity, linking);
        if (outcome instanceof OAuthAccounts.Outcome.SignedIn signedIn) {
            establish(signedIn.account(), request, response);
            redirect(response, signedIn.how() == OAuthAccounts.How.LINKED ? "linked" : null, identity.provider());
            return;
        }
        String reason = ((OAuthAccounts.Outcome.Refused) outcome).reason();
        Account original = linking == null ? null : accountRepository.findById(linking).orElse(null);
        if (original != null) {
            // a refused link leaves the person signed in as they were
            establish(original, request, response);
        } else {
            SecurityContext empty = holder.createEmptyContext();
            holder.setContext(empty);
            contextRepository.saveContext(empty, request, response);
        }
        redirect(response, "authError", reason);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        log.info("Provider sign-in failed: {}", exception.getMessage());
        redirect(response, "authError", "provider-sign-in-failed");
    }

    /** The same session content as a password sign-in: principal named by account id, authorities from roles. */
    private void establish(Account account, HttpServletRequest request, HttpServletResponse response) {
        String[] roles = account.roles().stream().map(Role::authority).toArray(String[]::new);
        User principal = (User) User.withUsername(account.id().toString()).password("").authorities(roles).build();
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        holder.setContext(context);
        contextRepository.saveContext(context, request, response);
        log.info("Signed in with a provider: userId={}", account.id());
    }

    private @Nullable UUID takeLinkIntent(HttpServletRequest request, String provider) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(LINK_INTENT) instanceof String intent)) {
            return null;
        }
        session.removeAttribute(LINK_INTENT);
        String[] parts = intent.split("\\|");
        if (parts.length != 3 || !parts[0].equals(provider) || Long.parseLong(parts[2]) < System.currentTimeMillis()) {
            return null;
        }
        return UUID.fromString(parts[1]);
    }

    private void redirect(HttpServletResponse response, @Nullable String key, String value) throws IOException {
        String target = properties.frontendUrl();
        if (key != null) {
            target += (target.contains("?") ? "&" : "?") + key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        response.sendRedirect(target);
    }

    /** Keeps no authorized client: Slotstream calls no provider API after sign-in. */
    private static final class DiscardAuthorizedClients implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(
                String clientRegistrationId, Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(
                OAuth2AuthorizedClient authorizedClient, Authentication principal, HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void removeAuthorizedClient(
                String clientRegistrationId, Authentication principal, HttpServletRequest request, HttpServletResponse response) {}
    }
}
