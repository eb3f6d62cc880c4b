package io.squeezenet.dse.api.sweep;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Answers about single sweeps that dashboards and notebooks poll: a sweep's view, which costs three scans of its trials
 * (its counts, its ETA's fit, its running trials), and pages of its trials. An answer is fresh for the TTL
 * ({@code dse.sweeps.view-cache}) unless the database announced a change to its sweep meanwhile. Once it is not, one
 * caller reads it again while callers arriving meanwhile keep the previous answer, as long as it is younger than twice
 * the TTL: one read instead of every waiting caller's at once. So no answer is older than twice the TTL, and none
 * misses an announced change by more than the time one read takes.
 *
 * @param <Q> what is asked of a sweep besides its id (a page's filter, sort and number)
 * @param <V> the answer
 */
final class SweepCache<Q, V> {

    /** More sweeps than a dashboard polls at once: past it the cache starts over rather than grow. */
    static final int MAX_SWEEPS = 10_000;
    /** Answers kept per sweep: a sweep paged through by many clients starts over past it. */
    static final int MAX_PER_SWEEP = 1_000;

    private record Entry<V>(V value, long at, boolean changed, AtomicBoolean reading) {
        Entry<V> markChanged() {
            return new Entry<>(value, at, true, reading);
        }
    }

    private final Map<Long, Map<Q, Entry<V>>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    SweepCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The answer, cached or read by {@code read}; what {@code read} throws (404) is thrown, and forgets the sweep. */
    V get(long id, Q query, Supplier<V> read) {
        long now = System.nanoTime();
        Map<Q, Entry<V>> sweep = entries.get(id);
        Entry<V> entry = sweep == null ? null : sweep.get(query);
        if (entry != null) {
            long age = now - entry.at();
            if (!entry.changed() && age < ttlNanos) {
                return entry.value();
            }
            if (age < 2 * ttlNanos && !entry.reading().compareAndSet(false, true)) {
                return entry.value();   // another caller is reading it again
            }
        }
        try {
            V value = read.get();
            if (sweep == null && entries.size() >= MAX_SWEEPS) {
                entries.clear();
            }
            Map<Q, Entry<V>> answers = entries.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
            if (answers.size() >= MAX_PER_SWEEP) {
                answers.clear();
            }
            answers.put(query, new Entry<>(value, now, false, new AtomicBoolean()));
            return value;
        } catch (RuntimeException gone) {
            entries.remove(id);
            throw gone;
        } finally {
            if (entry != null) {
                entry.reading().set(false);
            }
        }
    }

    /** The database announced a change: the next caller reads the sweep's answers again. */
    void changed(long id) {
        Map<Q, Entry<V>> sweep = entries.get(id);
        if (sweep != null) {
            sweep.replaceAll((query, e) -> e.markChanged());
        }
    }

    /** Announcements may have been missed (the listener reconnected): every answer is read again. */
    void changedAll() {
        entries.values().forEach(sweep -> sweep.replaceAll((query, e) -> e.markChanged()));
    }

    /** This server changed the sweep: nobody gets an old answer about it from here again. */
    void forget(long id) {
        entries.remove(id);
    }
}
