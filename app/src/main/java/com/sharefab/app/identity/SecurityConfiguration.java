package com.sharefab.app.identity;

import com.nimbusds.jose.JOSEException;
import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sign-in: an OAuth2 resource server that validates JWTs (signature, expiry, issuer, audience, firm and role) and
 * turns a valid one into the request's {@link Actor}. The filter chain only authenticates; who may call what is
 * decided per GraphQL entry point ({@code @access}) and at the data ({@link Access}), because anonymous callers may
 * read public data on the same {@code /graphql}.
 *
 * <p>Where the keys come from: the development issuer when {@code sharefab.identity.dev-issuer.enabled} (dev profile,
 * tests); otherwise the JWK set at {@code sharefab.identity.jwk-set-uri} for tokens whose {@code iss} is
 * {@code sharefab.identity.issuer} (Keycloak in docker compose); with neither, every token is refused and only
 * anonymous reads work.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Request attribute (servlet request, WebSocket session) holding the token's {@link Actor}. */
    static final String ACTOR_ATTRIBUTE = Access.ACTOR;

    /** Decoded tokens kept for reuse (about 2 KB each): one per phone active in the last minutes. */
    private static final int DECODED_TOKENS = 10_000;

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder decoder) throws Exception {
        var entryPoint = new GraphQlAuthenticationEntryPoint();
        http.csrf(csrf -> csrf.disable()) // bearer tokens only, no cookies: nothing for CSRF to ride on
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(entryPoint)
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(ActorAuthentication::new)))
                .addFilterAfter(new ActorAttributeFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(
            @Value("${sharefab.identity.dev-issuer.enabled:false}") boolean devIssuer,
            @Value("${sharefab.identity.issuer:}") String issuer,
            @Value("${sharefab.identity.jwk-set-uri:}") String jwkSetUri,
            @Value("${sharefab.identity.audience}") String audience,
            java.util.Optional<DevIssuer> dev)
            throws JOSEException {
        if (devIssuer && dev.isPresent()) {
            log.warn("Development issuer ON: the app signs its own tokens (POST /dev/tokens). Never where strangers connect.");
            var decoder = NimbusJwtDecoder.withPublicKey(dev.get().publicKey().toRSAPublicKey())
                    .signatureAlgorithm(SignatureAlgorithm.RS256)
                    .build();
            var validator = validators(dev.get().issuer(), audience);
            decoder.setJwtValidator(validator);
            return new CachingJwtDecoder(decoder, validator, DECODED_TOKENS);
        }
        if (!issuer.isBlank() && !jwkSetUri.isBlank()) {
            // Keys from jwk-set-uri (may be an address only the app can reach, e.g. inside compose), the iss claim
            // checked against issuer (the address the phones used to get the token): the two may differ.
            log.info("Tokens of issuer {} (keys from {}) for audience {}", issuer, jwkSetUri, audience);
            var decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
                    .jwsAlgorithm(SignatureAlgorithm.RS256)
                    .build();
            var validator = validators(issuer, audience);
            decoder.setJwtValidator(validator);
            return new CachingJwtDecoder(decoder, validator, DECODED_TOKENS);
        }
        log.warn("No token issuer configured (sharefab.identity.issuer, jwk-set-uri): every token is refused; "
                + "only anonymous reads work.");
        return token -> {
            throw new BadJwtException("no token issuer is configured on this server");
        };
    }

    @Bean
    @ConditionalOnProperty(name = "sharefab.identity.dev-issuer.enabled", havingValue = "true")
    DevIssuer devIssuer(
            @Value("${sharefab.data-dir}") Path dataDir,
            @Value("${sharefab.identity.dev-issuer.issuer}") String issuer,
            @Value("${sharefab.identity.audience}") String audience) {
        return DevIssuer.inDataDir(dataDir, issuer, audience);
    }

    /** Expiry and not-before (60 s skew), issuer, audience, then firm and role. */
    static OAuth2TokenValidator<Jwt> validators(String issuer, String audience) {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)),
                TokenActors.validator());
    }

    /** A validated token as Spring Security's authentication; its principal is the {@link Actor}. */
    static final class ActorAuthentication extends AbstractAuthenticationToken {

        private final transient Jwt jwt;
        private final Actor actor;

        ActorAuthentication(Jwt jwt) {
            super(AuthorityUtils.createAuthorityList("ROLE_" + TokenActors.actor(jwt).role()));
            this.jwt = jwt;
            this.actor = TokenActors.actor(jwt);
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return jwt;
        }

        @Override
        public Actor getPrincipal() {
            return actor;
        }
    }

    /** Hands the authenticated actor to GraphQL as a request attribute (GraphQL reads the request's attributes). */
    static final class ActorAttributeFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            request.removeAttribute(ACTOR_ATTRIBUTE);
            if (SecurityContextHolder.getContext().getAuthentication() instanceof ActorAuthentication authentication) {
                request.setAttribute(ACTOR_ATTRIBUTE, authentication.getPrincipal());
            }
            chain.doFilter(request, response);
        }
    }
}
