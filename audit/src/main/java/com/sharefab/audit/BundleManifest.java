package com.sharefab.audit;

import java.time.Instant;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * What a bundle covers: the events with timestamps in [from, to) lie in global indexes [first, last]; the bundle holds
 * every position of that range, the link before it and the checkpoints signed in it (the last one at {@code last}).
 *
 * @param from                 start of the requested time range (inclusive)
 * @param to                   end of the requested time range (exclusive)
 * @param firstGlobalIndex     the first position in the bundle
 * @param lastGlobalIndex      the last position in the bundle; below {@code firstGlobalIndex} if it is empty
 * @param previousLink         the chain link before {@code firstGlobalIndex} (hex)
 * @param exportedAt           when the platform made the bundle
 * @param publicKeyFingerprint SHA-256 (hex) of the platform key in {@code public-key.pem}
 */
public record BundleManifest(
        Instant from,
        Instant to,
        long firstGlobalIndex,
        long lastGlobalIndex,
        String previousLink,
        Instant exportedAt,
        String publicKeyFingerprint) {

    static final String FORMAT = "sharefab-audit-bundle-v1";

    BsonDocument toBson() {
        return new BsonDocument("format", new BsonString(FORMAT))
                .append("from", new BsonDateTime(from.toEpochMilli()))
                .append("to", new BsonDateTime(to.toEpochMilli()))
                .append("firstGlobalIndex", new BsonInt64(firstGlobalIndex))
                .append("lastGlobalIndex", new BsonInt64(lastGlobalIndex))
                .append("previousLink", new BsonString(previousLink))
                .append("exportedAt", new BsonDateTime(exportedAt.toEpochMilli()))
                .append("publicKeyFingerprint", new BsonString(publicKeyFingerprint));
    }

    static BundleManifest fromBson(BsonDocument document) {
        if (!FORMAT.equals(document.getString("format").getValue())) {
            throw new IllegalArgumentException("not a " + FORMAT + " bundle");
        }
        return new BundleManifest(
                Instant.ofEpochMilli(document.getDateTime("from").getValue()),
                Instant.ofEpochMilli(document.getDateTime("to").getValue()),
                document.getNumber("firstGlobalIndex").longValue(),
                document.getNumber("lastGlobalIndex").longValue(),
                document.getString("previousLink").getValue(),
                Instant.ofEpochMilli(document.getDateTime("exportedAt").getValue()),
                document.getString("publicKeyFingerprint").getValue());
    }
}
