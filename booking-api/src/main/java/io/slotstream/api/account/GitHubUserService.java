package io.slotstream.api.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * GitHub's user: {@code /user} names the account (its numeric id is the subject), and {@code /user/emails} gives
 * the primary email with its verified flag, which {@code /user} leaves out when the email is private. The primary
 * email is kept only when GitHub says it is verified.
 */
final class GitHubUserService implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

    static final String EMAIL = "slotstream_email";
    static final String EMAIL_VERIFIED = "slotstream_email_verified";

    private final DefaultOAuth2UserService users = new DefaultOAuth2UserService();
    private final RestClient http;
    private final String emailsUri;

    GitHubUserService(RestClient.Builder http, String emailsUri) {
        this.http = http.build();
        this.emailsUri = emailsUri;
    }

    record GitHubEmail(String email, boolean primary, boolean verified, @Nullable String visibility) {}

    @Override
    public OAuth2User loadUser(OAuth2UserRequest request) {
        OAuth2User user = users.loadUser(request);
        List<GitHubEmail> emails;
        try {
            emails = http.get()
                    .uri(emailsUri)
                    .accept(MediaType.APPLICATION_JSON)
                    .header("Authorization", "Bearer " + request.getAccessToken().getTokenValue())
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .retrieve()
                    .body(new ParameterizedTypeReference<List<GitHubEmail>>() {});
        } catch (RestClientException e) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error("invalid_user_info_response", "GitHub's email list could not be read", null), e);
        }
        Map<String, Object> attributes = new LinkedHashMap<>(user.getAttributes());
        (emails == null ? List.<GitHubEmail>of() : emails).stream()
                .filter(e -> e.primary() && e.verified())
                .findFirst()
                .ifPresentOrElse(
                        primary -> {
                            attributes.put(EMAIL, primary.email());
                            attributes.put(EMAIL_VERIFIED, true);
                        },
                        () -> attributes.put(EMAIL_VERIFIED, false));
        String nameAttribute = request.getClientRegistration().getProviderDetails().getUserInfoEndpoint().getUserNameAttributeName();
        return new DefaultOAuth2User(user.getAuthorities(), attributes, nameAttribute);
    }
}
