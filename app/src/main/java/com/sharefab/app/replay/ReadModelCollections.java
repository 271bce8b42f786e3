package com.sharefab.app.replay;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;

/**
 * The indirection that lets a read model be rebuilt into a fresh collection and switched over: a read model's
 * repositories ask the {@link MongoDatabase} bean for their collection by its logical name ({@code order_views}) and
 * get a collection that resolves, on every call, to the physical collection the alias names now ({@code
 * order_views_rebuild_3}). Aliases live in {@code read_model_aliases} ({@code _id} = logical name, {@code physical},
 * {@code generation}); no alias means the physical name is the logical one. Every other collection (events, tokens,
 * sagas, audit) passes through untouched.
 *
 * <p>It wraps the {@code MongoDatabase} bean as a {@link BeanPostProcessor}, so no repository changes. This node sees
 * its own switch at once; other nodes re-read the aliases every {@link #REFRESH_SECONDS} seconds, from the context's
 * start until it begins to close (a lifecycle stop, before the MongoDB client is closed: a re-read after that would
 * only log a failure at every shutdown).
 */
public class ReadModelCollections implements BeanPostProcessor, SmartLifecycle, DisposableBean {

    static final String ALIASES = "read_model_aliases";
    static final long REFRESH_SECONDS = 2;

    private static final Logger log = LoggerFactory.getLogger(ReadModelCollections.class);

    private final Set<String> logicalNames;
    private final Map<String, String> physical = new ConcurrentHashMap<>();
    private volatile MongoDatabase raw;
    private ScheduledExecutorService refresher;

    ReadModelCollections(Set<String> logicalNames) {
        this.logicalNames = Set.copyOf(logicalNames);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof MongoDatabase database && raw == null && !Proxy.isProxyClass(bean.getClass())) {
            raw = database;
            refresh();
            return aliasing(database);
        }
        return bean;
    }

    /** Starts re-reading the aliases every {@link #REFRESH_SECONDS} seconds (other nodes' switches). */
    @Override
    public synchronized void start() {
        if (raw == null || isRunning()) {
            return;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "read-model-aliases");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return refresher != null && !refresher.isShutdown();
    }

    @Override
    public void destroy() {
        stop();
    }

    /** The physical collection a logical name stands for now. */
    public String physical(String logical) {
        return physical.getOrDefault(logical, logical);
    }

    /** The database without aliasing. */
    MongoDatabase raw() {
        return raw;
    }

    /** The next generation number for a rebuild of these collections (one more than any used). */
    int nextGeneration() {
        int max = 0;
        for (Document alias : raw.getCollection(ALIASES).find()) {
            max = Math.max(max, alias.getInteger("generation", 0));
        }
        return max + 1;
    }

    /** Points {@code logical} at {@code physicalName}, here at once and on other nodes at their next refresh. */
    void switchTo(String logical, String physicalName, int generation) {
        raw.getCollection(ALIASES).replaceOne(new Document("_id", logical),
                new Document("_id", logical).append("physical", physicalName).append("generation", generation)
                        .append("switchedAt", new Date()),
                new ReplaceOptions().upsert(true));
        physical.put(logical, physicalName);
    }

    /** A database whose {@code getCollection} resolves these names to these collections, once (for a rebuild). */
    MongoDatabase renaming(Map<String, String> names) {
        return (MongoDatabase) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MongoDatabase.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCollection") && args != null && args.length >= 1
                            && names.containsKey((String) args[0])) {
                        args = args.clone();
                        args[0] = names.get((String) args[0]);
                    }
                    return invoke(raw, method, args);
                });
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not re-read the read model aliases; keeping the ones known", e);
        }
    }

    private void refresh() {
        for (Document alias : raw.getCollection(ALIASES).find()) {
            physical.put(alias.getString("_id"), alias.getString("physical"));
        }
    }

    private MongoDatabase aliasing(MongoDatabase database) {
        return (MongoDatabase) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MongoDatabase.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCollection") && args != null && args.length >= 1
                            && logicalNames.contains((String) args[0])) {
                        Class<?> documentClass = args.length > 1 ? (Class<?>) args[1] : Document.class;
                        return aliasedCollection((String) args[0], documentClass);
                    }
                    return invoke(database, method, args);
                });
    }

    private MongoCollection<?> aliasedCollection(String logical, Class<?> documentClass) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class && method.getName().equals("toString")) {
                return "aliased collection " + logical + " -> " + physical(logical);
            }
            return invoke(raw.getCollection(physical(logical), documentClass), method, args);
        };
        return (MongoCollection<?>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {MongoCollection.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
