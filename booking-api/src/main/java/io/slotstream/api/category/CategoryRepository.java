package io.slotstream.api.category;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Categories, a small table read on every calendar load. */
public interface CategoryRepository extends ListCrudRepository<Category, Long> {

    List<Category> findAllByOrderByIdAsc();

    @Query("select exists(select 1 from categories where lower(name) = lower(:name) and id <> coalesce(:exceptId, -1))")
    /** {@code exceptId} null when creating; the annotation matters: Spring Data refuses null for a non-null parameter. */
    boolean nameTaken(String name, @Nullable Long exceptId);

    @Query("select exists(select 1 from time_slots where category_id = :id)")
    boolean hasSlots(long id);
}
