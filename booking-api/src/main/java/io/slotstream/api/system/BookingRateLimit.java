package io.slotstream.api.system;

import io.slotstream.api.account.AttemptLimits;
import io.slotstream.api.account.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Limits booking requests per account, so that one client cannot flood a sale start. An interceptor rather than a
 * filter, so that the 429 is written by the problem handler like every other error.
 */
@Configuration(proxyBeanMethods = false)
class BookingRateLimit implements WebMvcConfigurer {

    private final AttemptLimits limits;

    BookingRateLimit(AttemptLimits limits) {
        this.limits = limits;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                        if ("POST".equals(request.getMethod()) && authentication != null && authentication.isAuthenticated()) {
                            try {
                                limits.booking(SignedInUser.of(authentication).id());
                            } catch (IllegalStateException | IllegalArgumentException anonymous) {
                                // not an account: the security filter answers 401
                            }
                        }
                        return true;
                    }
                })
                .addPathPatterns("/api/bookings");
    }
}
