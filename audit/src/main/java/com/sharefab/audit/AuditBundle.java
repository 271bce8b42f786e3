package com.sharefab.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The export bundle: one zip with
 * <ul>
 *   <li>{@code manifest.json}: {@link BundleManifest};</li>
 *   <li>{@code events.jsonl}: one event per line, the stored document plus {@code globalIndex}, in MongoDB canonical
 *       Extended JSON (so every BSON type survives: the canonical bytes can be recomputed exactly);</li>
 *   <li>{@code chain.jsonl}: one chain record per position ({@link ChainRecord});</li>
 *   <li>{@code checkpoints.jsonl}: the signed checkpoints in the range ({@link Checkpoint});</li>
 *   <li>{@code public-key.pem}: the platform's Ed25519 public key.</li>
 * </ul>
 * Written as a stream: the manifest and key first, then every event, then every chain record, then the checkpoints.
 *
 * @param manifest    what the bundle covers
 * @param events      the events, in global order
 * @param chain       the chain records, in global order
 * @param checkpoints the checkpoints, in global order
 * @param publicKey   the key the checkpoints claim to be signed with
 */
public record AuditBundle(
        BundleManifest manifest,
        List<AuditedEvent> events,
        List<ChainRecord> chain,
        List<Checkpoint> checkpoints,
        PublicKey publicKey) {

    static final String MANIFEST = "manifest.json";
    static final String EVENTS = "events.jsonl";
    static final String CHAIN = "chain.jsonl";
    static final String CHECKPOINTS = "checkpoints.jsonl";
    static final String PUBLIC_KEY = "public-key.pem";

    private static final JsonWriterSettings EXACT = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final JsonWriterSettings READABLE = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    /** Writes a bundle section by section, in the order the zip holds them. */
    public static final class Writer implements AutoCloseable {

        private final ZipOutputStream zip;
        private final java.util.Set<String> written = new java.util.HashSet<>();
        private String section;

        public Writer(OutputStream out, BundleManifest manifest, PublicKey publicKey) throws IOException {
            zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            entry(MANIFEST);
            zip.write(manifest.toBson().toJson(READABLE).getBytes(StandardCharsets.UTF_8));
            entry(PUBLIC_KEY);
            zip.write(SigningKeys.toPem(publicKey).getBytes(StandardCharsets.UTF_8));
        }

        public void event(AuditedEvent event) throws IOException {
            line(EVENTS, event.toExportLine().toJson(EXACT));
        }

        public void chain(ChainRecord record) throws IOException {
            line(CHAIN, toBson(record).toJson(READABLE));
        }

        public void checkpoint(Checkpoint checkpoint) throws IOException {
            line(CHECKPOINTS, toBson(checkpoint).toJson(READABLE));
        }

        private void line(String name, String json) throws IOException {
            if (!name.equals(section)) {
                if (written.contains(name)) {
                    throw new IllegalStateException(name + " after " + section);
                }
                entry(name);
            }
            zip.write(json.getBytes(StandardCharsets.UTF_8));
            zip.write('\n');
        }

        private void entry(String name) throws IOException {
            if (section != null) {
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(name));
            section = name;
            written.add(name);
        }

        @Override
        public void close() throws IOException {
            for (String name : List.of(EVENTS, CHAIN, CHECKPOINTS)) {
                if (!written.contains(name)) {
                    entry(name); // an empty section: every bundle has every file
                }
            }
            zip.closeEntry();
            zip.close();
        }
    }

    /** Reads a whole bundle into memory (an auditor's machine checks one export at a time). */
    public static AuditBundle read(InputStream in) throws IOException {
        BundleManifest manifest = null;
        PublicKey key = null;
        List<AuditedEvent> events = new ArrayList<>();
        List<ChainRecord> chain = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(zip, StandardCharsets.UTF_8));
                switch (entry.getName()) {
                    case MANIFEST -> manifest = BundleManifest.fromBson(BsonDocument.parse(readAll(reader)));
                    case PUBLIC_KEY -> key = SigningKeys.readPublicKey(readAll(reader));
                    case EVENTS -> lines(reader, line -> events.add(AuditedEvent.fromExportLine(line)));
                    case CHAIN -> lines(reader, line -> chain.add(chainRecord(line)));
                    case CHECKPOINTS -> lines(reader, line -> checkpoints.add(checkpoint(line)));
                    default -> { } // files a later format adds
                }
            }
        }
        if (manifest == null || key == null) {
            throw new IOException("not an audit bundle: " + MANIFEST + " or " + PUBLIC_KEY + " is missing");
        }
        return new AuditBundle(manifest, events, chain, checkpoints, key);
    }

    private static String readAll(BufferedReader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[4096];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }

    private static void lines(BufferedReader reader, java.util.function.Consumer<BsonDocument> each) throws IOException {
        try {
            reader.lines().filter(line -> !line.isBlank()).map(BsonDocument::parse).forEach(each);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static BsonDocument toBson(ChainRecord record) {
        return new BsonDocument("globalIndex", new BsonInt64(record.globalIndex()))
                .append("eventIdentifier", record.eventIdentifier() == null ? BsonNull.VALUE
                        : new BsonString(record.eventIdentifier()))
                .append("eventHash", new BsonString(record.eventHash()))
                .append("link", new BsonString(record.link()));
    }

    static ChainRecord chainRecord(BsonDocument line) {
        BsonValue id = line.get("eventIdentifier");
        return new ChainRecord(line.getNumber("globalIndex").longValue(),
                id == null || id.isNull() ? null : id.asString().getValue(),
                line.getString("eventHash").getValue(), line.getString("link").getValue());
    }

    static BsonDocument toBson(Checkpoint checkpoint) {
        return new BsonDocument("globalIndex", new BsonInt64(checkpoint.globalIndex()))
                .append("link", new BsonString(checkpoint.link()))
                .append("signature", new BsonString(checkpoint.signature()))
                .append("signedAt", new BsonDateTime(checkpoint.signedAt().toEpochMilli()));
    }

    static Checkpoint checkpoint(BsonDocument line) {
        return new Checkpoint(line.getNumber("globalIndex").longValue(), line.getString("link").getValue(),
                line.getString("signature").getValue(), Instant.ofEpochMilli(line.getDateTime("signedAt").getValue()));
    }
}
