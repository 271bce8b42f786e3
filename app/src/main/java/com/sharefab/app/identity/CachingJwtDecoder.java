package com.sharefab.app.identity;

import com.sharefab.app.support.BoundedMaps;
import java.util.Map;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Decodes each distinct token once: a phone sends the same token with every request until it expires, and the full
 * decode (Base64, JSON, an RSA signature check, claim conversion) was about a tenth of the CPU time of an
 * {@code order(id)} request. A token seen before is answered from a bounded cache of decoded tokens, and its claims
 * are validated again on every use, so it stops working the moment it expires, as an uncached one would. Only tokens
 * that decoded and validated are kept; a forged or altered token never matches a cached one (the key is the whole
 * token, signature included).
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Map<String, Jwt> decoded;

    CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, int maxEntries) {
        this.delegate = delegate;
        this.validator = validator;
        this.decoded = BoundedMaps.leastRecentlyUsed(maxEntries);
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = decoded.get(token);
        if (jwt == null) {
            jwt = delegate.decode(token); // checks signature and validates
            decoded.put(token, jwt);
            return jwt;
        }
        var result = validator.validate(jwt);
        if (result.hasErrors()) {
            decoded.remove(token);
            throw new JwtValidationException("the token is no longer valid: "
                    + result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        return jwt;
    }
}
