package io.slotstream.api.category;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Categories, a small table read on every calendar load. */
public interface CategoryRepository extends ListCrudRepository<Category, Long> {

    List<Category> findAllByOrderByIdAsc();

    @Query("select exists(select 1 from categories where lower(name) = lower(:name) and id <> coalesce(:exceptId, -1))")
    boolean nameTaken(String name, Long exceptId);

    @Query("select exists(select 1 from time_slots where category_id = :id)")
    boolean hasSlots(long id);
}
