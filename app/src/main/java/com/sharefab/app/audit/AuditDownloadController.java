package com.sharefab.app.audit;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves an export bundle by the token {@code exportAuditBundle} answered. The token (256 random bits, valid an hour)
 * is the authorization: only the auditor who asked for the export learns it. It is served by the node that wrote it.
 */
@RestController
class AuditDownloadController {

    static final String PATH = "/audit/exports";

    private final AuditExports exports;

    AuditDownloadController(AuditExports exports) {
        this.exports = exports;
    }

    @GetMapping(PATH + "/{token}")
    ResponseEntity<Resource> download(@PathVariable String token) {
        return exports.find(token)
                .<ResponseEntity<Resource>>map(export -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("application/zip"))
                        .header(HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment().filename(export.fileName()).build().toString())
                        .body(new FileSystemResource(export.file())))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
