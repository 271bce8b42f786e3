package com.sharefab.app.audit;

import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves an export bundle by the token {@code exportAuditBundle} answered, to an auditor: the request must carry an
 * AUDITOR bearer token besides the link (401 without a token, 403 with another role). The link (256 random bits, valid
 * an hour) names the bundle; it is not enough alone, because a bundle holds every firm's events and a link leaks
 * easily (proxy logs, browser history, a pasted chat message). See ADR 0008. Served by the node that wrote it.
 */
@RestController
class AuditDownloadController {

    static final String PATH = "/audit/exports";

    private final AuditExports exports;

    AuditDownloadController(AuditExports exports) {
        this.exports = exports;
    }

    @GetMapping(PATH + "/{token}")
    ResponseEntity<Resource> download(@PathVariable String token, HttpServletRequest request) {
        // Set by the security filter chain from a validated bearer token; absent without one.
        if (!(request.getAttribute(Access.ACTOR) instanceof Actor actor) || !Access.signedIn(actor)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        if (!Access.AUDITOR.equals(actor.role())) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        return exports.find(token)
                .<ResponseEntity<Resource>>map(export -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("application/zip"))
                        .header(HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment().filename(export.fileName()).build().toString())
                        .body(new FileSystemResource(export.file())))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
