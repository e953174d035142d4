package io.slotstream.api.category;

import io.slotstream.api.system.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Categories for everyone to read and for admins to manage. */
@RestController
class CategoryController {

    private static final Logger log = LoggerFactory.getLogger(CategoryController.class);

    private final CategoryRepository categories;

    CategoryController(CategoryRepository categories) {
        this.categories = categories;
    }

    record CategoryRequest(
            @NotBlank @Size(max = 60) String name,
            @NotBlank @Pattern(regexp = "#[0-9a-fA-F]{6}", message = "must be a colour like #1e88e5") String color) {}

    @GetMapping("/api/categories")
    List<Category> list() {
        return categories.findAllByOrderByIdAsc();
    }

    @PostMapping("/api/admin/categories")
    @ResponseStatus(HttpStatus.CREATED)
    Category create(@Valid @RequestBody CategoryRequest body) {
        if (categories.nameTaken(body.name().trim(), null)) {
            throw nameTaken();
        }
        Category created = categories.save(new Category(null, body.name().trim(), body.color().toLowerCase(), Instant.now(), null));
        log.info("Category created: categoryId={} name={}", created.id(), created.name());
        return created;
    }

    @PutMapping("/api/admin/categories/{id}")
    Category update(@PathVariable long id, @Valid @RequestBody CategoryRequest body) {
        Category existing = categories.findById(id).orElseThrow(() -> notFound(id));
        if (categories.nameTaken(body.name().trim(), id)) {
            throw nameTaken();
        }
        return categories.save(existing.withChanges(body.name().trim(), body.color().toLowerCase()));
    }

    /** The per-user daily limit; {@code null} removes it. Checked by the stream processor on each new request. */
    record LimitsRequest(@Nullable @Min(1) @Max(1000) Integer dailyLimitPerUser) {}

    @PatchMapping("/api/admin/categories/{id}")
    Category setLimits(@PathVariable long id, @Valid @RequestBody LimitsRequest body) {
        Category existing = categories.findById(id).orElseThrow(() -> notFound(id));
        Category updated = categories.save(existing.withDailyLimit(body.dailyLimitPerUser()));
        log.info("Category daily limit set: categoryId={} dailyLimitPerUser={}", id, body.dailyLimitPerUser());
        return updated;
    }

    @DeleteMapping("/api/admin/categories/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        categories.findById(id).orElseThrow(() -> notFound(id));
        if (categories.hasSlots(id)) {
            throw ApiProblem.conflict(
                    "category-in-use", "Category in use", "Slots belong to this category; delete or move them first.");
        }
        categories.deleteById(id);
        log.info("Category deleted: categoryId={}", id);
    }

    static ApiProblem notFound(long id) {
        return ApiProblem.notFound("category-not-found", "Unknown category", "There is no category " + id + ".");
    }

    private static ApiProblem nameTaken() {
        return ApiProblem.conflict("category-name-taken", "Name taken", "Another category already has that name.");
    }
}
