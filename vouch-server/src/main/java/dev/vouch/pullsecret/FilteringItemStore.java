package dev.vouch.pullsecret;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.Predicate;

/** An informer's store that keeps only the objects {@code wanted} accepts: the others are seen and forgotten. */
final class FilteringItemStore<T extends HasMetadata> extends BasicItemStore<T> {
    private final Predicate<T> wanted;

    FilteringItemStore(Predicate<T> wanted) {
        super(Cache::metaNamespaceKeyFunc);
        this.wanted = wanted;
    }

    @Override
    public T put(String key, T value) {
        if (!wanted.test(value)) {
            return super.remove(key);
        }
        return super.put(key, value);
    }
}
