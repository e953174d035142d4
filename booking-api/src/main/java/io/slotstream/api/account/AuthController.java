package io.slotstream.api.account;

import io.slotstream.api.system.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration, password sign-in and the current user. Sign-out is Spring Security's logout filter. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    private static final Logger log = LoggerFactory.getLogger(AuthController.class);

    private final AccountService accountService;
    private final AccountRepository accounts;
    private final AuthenticationManager authenticationManager;
    private final SecurityContextRepository contextRepository;
    private final AttemptLimits limits;
    private final OAuthProviders providers;
    private final OAuthAccounts oauthAccounts;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    AuthController(
            AccountService accountService,
            AccountRepository accounts,
            AuthenticationManager authenticationManager,
            SecurityContextRepository contextRepository,
            AttemptLimits limits,
            OAuthProviders providers,
            OAuthAccounts oauthAccounts) {
        this.accountService = accountService;
        this.accounts = accounts;
        this.authenticationManager = authenticationManager;
        this.contextRepository = contextRepository;
        this.limits = limits;
        this.providers = providers;
        this.oauthAccounts = oauthAccounts;
    }

    record RegisterRequest(
            @NotBlank @Size(min = 3, max = 40) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may use letters, digits, '.', '_' and '-' only") String username,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 10, max = 128, message = "must be 10 to 128 characters long") String password) {}

    record LoginRequest(@NotBlank @Size(max = 254) String username, @NotBlank @Size(max = 128) String password) {}

    /**
     * The signed-in account: {@code providers} are the linked sign-in providers; {@code hasPassword} tells whether
     * a password sign-in exists (an account must keep at least one way to sign in).
     */
    record Me(
            UUID id,
            String username,
            @Nullable String email,
            boolean emailVerified,
            boolean hasPassword,
            Set<Role> roles,
            List<String> providers) {}

    record LinkStart(String provider, String authorizationUrl) {}

    record Csrf(String headerName, String parameterName, String token) {}

    @PostMapping("/register")
    ResponseEntity<Me> register(
            @Valid @RequestBody RegisterRequest body, HttpServletRequest request, HttpServletResponse response) {
        limits.registration(request.getRemoteAddr());
        Account account = accountService.register(
                body.username().trim(), body.email().trim(), body.password(), EnumSet.of(Role.USER), false);
        signIn(body.username().trim(), body.password(), request, response);
        return ResponseEntity.status(HttpStatus.CREATED).body(me(account));
    }

    @PostMapping("/login")
    Me login(@Valid @RequestBody LoginRequest body, HttpServletRequest request, HttpServletResponse response) {
        Authentication authentication = signIn(body.username().trim(), body.password(), request, response);
        return me(authentication);
    }

    @GetMapping("/me")
    Me me(Authentication authentication) {
        UUID id = SignedInUser.of(authentication).id();
        return accounts.findById(id)
                .map(this::me)
                .orElseThrow(() -> ApiProblem.notFound("account-not-found", "Account not found", "This account no longer exists."));
    }

    /** The sign-in providers this instance offers: one button each. */
    @GetMapping("/providers")
    List<OAuthProviders.Provider> providers() {
        return providers.offered();
    }

    /**
     * Starts linking a provider to the signed-in account: the session remembers the intent, and the app then sends
     * the browser to {@code authorizationUrl}. The provider's callback links the identity instead of signing in.
     */
    @PostMapping("/links/{provider}")
    LinkStart startLink(@PathVariable String provider, Authentication authentication, HttpServletRequest request) {
        UUID id = SignedInUser.of(authentication).id();
        if (!providers.offers(provider)) {
            throw ApiProblem.notFound("unknown-provider", "Unknown provider", "No sign-in provider '" + provider + "' is offered.");
        }
        if (accounts.providersOf(id).contains(provider)) {
            throw ApiProblem.conflict("provider-already-linked", "Provider already linked", "This account is already linked to " + provider + ".");
        }
        OAuthLogin.rememberLinkIntent(request, provider, id);
        return new LinkStart(provider, "/oauth2/authorization/" + provider);
    }

    @DeleteMapping("/links/{provider}")
    ResponseEntity<Void> unlink(@PathVariable String provider, Authentication authentication) {
        oauthAccounts.unlink(SignedInUser.of(authentication).id(), provider);
        return ResponseEntity.noContent().build();
    }

    /** The CSRF token for the single-page app; reading it also sets the XSRF-TOKEN cookie. */
    @GetMapping("/csrf")
    Csrf csrf(CsrfToken token) {
        return new Csrf(token.getHeaderName(), token.getParameterName(), token.getToken());
    }

    private Me me(Account account) {
        return new Me(account.id(), account.username(), account.email(), account.emailVerified(), account.hasPassword(),
                account.roles(), accounts.providersOf(account.id()));
    }

    private Authentication signIn(String login, String password, HttpServletRequest request, HttpServletResponse response) {
        Authentication authentication;
        limits.checkSignIn(login, request.getRemoteAddr());
        try {
            authentication = authenticationManager.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(login, password));
        } catch (AuthenticationException e) {
            limits.signInFailed(login, request.getRemoteAddr());
            log.info("Sign-in refused: {}", e.getClass().getSimpleName());
            throw new ApiProblem(
                    HttpStatus.UNAUTHORIZED, "bad-credentials", "Sign-in failed", "The username or password is wrong.");
        }
        // a new session id at sign-in, so a session id planted before sign-in is worth nothing afterwards
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contextRepository.saveContext(context, request, response);
        log.info("Signed in: userId={}", authentication.getName());
        return authentication;
    }
}
