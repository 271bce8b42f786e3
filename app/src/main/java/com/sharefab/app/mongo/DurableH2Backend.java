package com.sharefab.app.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, made to keep what it acknowledged: H2's MVStore commits in the background
 * (about once a second), so a crash would lose writes the driver was already told succeeded. Here a write command's
 * reply goes out only after a commit that includes it, so after a {@code kill -9} every acknowledged write is in the
 * file (the operating system's page cache holds it even if it was not yet flushed to disk).
 *
 * <p><b>Group commit.</b> An MVStore commit writes a new chunk of every page changed since the last one, and commits
 * are serialized. One commit per write made every writer queue behind every other writer's commit: with a dozen event
 * processors, the command side and the web requests writing at once, the store spent its time committing. Now a
 * writer that finds a commit under way waits for it, then checks whether a commit that began after its own write
 * already covers it; only if not does it commit, taking along every write applied so far. Under load one commit
 * acknowledges many writes; a lone writer still commits at once.
 *
 * <p><b>Index keys.</b> Every unique index's map is opened with {@link IndexKeyType}: H2's order and file format,
 * without serializing both keys at every comparison.
 *
 * <p><b>Documents.</b> Every collection's map is opened with a {@link DocumentValueType} of its own (it keeps the
 * collection's average document size, as H2's type does per map): documents are written to the file as BSON instead of
 * by Java serialization.
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "findAndModify", "create", "drop", "dropDatabase",
            "createIndexes", "dropIndexes", "renameCollection");

    private final Object commitLock = new Object();
    /**
     * One key type, and so one cache of serialized keys, for every unique index: its bound ({@link
     * IndexKeyType#MAX_CACHED} keys, a few MB) holds for the whole process, not per index. Static, because H2Backend's
     * constructor already opens the existing databases and their indexes, before this class's fields are set.
     */
    private static final IndexKeyType INDEX_KEY_TYPE = new IndexKeyType();
    /** Write commands applied so far (a write takes its number after it was applied). */
    private final AtomicLong applied = new AtomicLong();
    /** Every write up to this number is in a finished commit. Guarded by {@link #commitLock}. */
    private long committed;

    /**
     * @param cacheMb the MVStore's page cache. H2's default, 16 MB, was too small for a store in use: in the load
     *     benchmark's lag phase, pages evicted and read back from the file (each read deserializing its documents)
     *     were about a tenth of the whole process's CPU time.
     */
    DurableH2Backend(String fileName, int cacheMb) {
        super(new MVStore.Builder().fileName(fileName).cacheSize(cacheMb).open());
    }

    /**
     * mongo-java-server's database, whose unique indexes open their map with {@link IndexKeyType} and whose collections
     * open theirs with {@link DocumentValueType}: the map is opened here first, under the name mongo-java-server gives
     * it, and its own {@code openMap} then finds it open.
     */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        MVStore store = getMvStore();
        return new H2Database(databaseName, store, getCursorRegistry()) {
            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                store.openMap("databases." + getFullCollectionNamespace(collectionName),
                        new MVMap.Builder<Object, Document>().valueType(new DocumentValueType()));
                return super.openOrCreateCollection(collectionName, options);
            }

            @Override
            protected Index<Object> openOrCreateUniqueIndex(
                    String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                store.openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                        new MVMap.Builder<KeyValue, Object>().keyType(INDEX_KEY_TYPE));
                return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            }
        };
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        var reply = super.handleCommand(channel, database, command, query);
        if (WRITE_COMMANDS.contains(command)) {
            commitThrough(applied.incrementAndGet());
        }
        return reply;
    }

    /** Returns once write number {@code write} (already applied) is in a finished commit. */
    private void commitThrough(long write) {
        synchronized (commitLock) {
            if (committed >= write) {
                return; // a commit that started after this write was applied has finished
            }
            long covers = applied.get(); // read before committing: every write up to here is in this commit
            commit();
            committed = covers;
        }
    }
}
