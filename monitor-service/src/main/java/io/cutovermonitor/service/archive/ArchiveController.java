package io.cutovermonitor.service.archive;

import io.cutovermonitor.service.rules.KnownMigrations;
import io.cutovermonitor.service.ledger.ArchivedMigrations;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code POST /api/migrations/{id}/archive} (OPERATOR): archives an accepted migration, or one that is not, when
 * forced with a reason; {@code GET …/archive} says where and when; {@code GET …/archive.zip} downloads the bundle;
 * {@code POST …/reopen} (OPERATOR) takes it back.
 */
@RestController
class ArchiveController {

    private static final int MAX_REASON = 4096;

    private final MigrationArchiving archiving;
    private final ArchivedMigrations archive;

    ArchiveController(MigrationArchiving archiving, ArchivedMigrations archive) {
        this.archiving = archiving;
        this.archive = archive;
    }

    /** The body of an archive or reopen request; both fields may be left out of an archive of an accepted migration. */
    record Request(Boolean force, String reason) {
    }

    @PostMapping("/api/migrations/{id}/archive")
    ResponseEntity<?> archive(@PathVariable String id, @RequestBody(required = false) Request request,
                              Principal user) {
        boolean force = request != null && Boolean.TRUE.equals(request.force());
        String reason = request == null ? null : request.reason();
        if (reason != null && reason.length() > MAX_REASON) {
            return error(HttpStatus.BAD_REQUEST, "the reason is over " + MAX_REASON + " characters");
        }
        MigrationArchiving.Outcome outcome = archiving.archive(id, user.getName(), force, reason);
        if (outcome instanceof MigrationArchiving.Outcome.Done done) {
            return ResponseEntity.status(HttpStatus.CREATED).body(view(done.archived(), done.files()));
        }
        if (outcome instanceof MigrationArchiving.Outcome.AlreadyArchived a) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "migration " + id
                    + " is archived already", "archive", view(a.archived(), null)));
        }
        if (outcome instanceof MigrationArchiving.Outcome.NotAccepted n) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "migration " + id
                    + " is not ready for acceptance; archive it anyway with {\"force\": true, \"reason\": \"...\"}",
                    "missing", n.missing()));
        }
        if (outcome instanceof MigrationArchiving.Outcome.NoReason) {
            return error(HttpStatus.BAD_REQUEST, "a forced archive needs a reason: it is recorded with the archive");
        }
        throw new KnownMigrations.Unknown(id);
    }

    @GetMapping("/api/migrations/{id}/archive")
    ResponseEntity<?> show(@PathVariable String id) {
        return archive.of(id).<ResponseEntity<?>>map(a -> ResponseEntity.ok(view(a, files(Path.of(a.bundle())))))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "migration " + id + " is not archived"));
    }

    @GetMapping("/api/migrations/{id}/archive.zip")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String id) {
        var archived = archive.of(id);
        if (archived.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "migration " + id + " is not archived");
        }
        Path dir = Path.of(archived.get().bundle());
        if (!Files.isDirectory(dir)) {
            throw new ResponseStatusException(HttpStatus.GONE, "the bundle of " + id + " is no longer at " + dir);
        }
        String name = dir.getFileName().toString();
        StreamingResponseBody zip = out -> {
            try (ZipOutputStream z = new ZipOutputStream(out)) {
                for (String file : files(dir)) {
                    z.putNextEntry(new ZipEntry(name + "/" + file));
                    Files.copy(dir.resolve(file), z);
                    z.closeEntry();
                }
            }
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".zip\"").body(zip);
    }

    @PostMapping("/api/migrations/{id}/reopen")
    ResponseEntity<?> reopen(@PathVariable String id, @RequestBody(required = false) Request request,
                             Principal user) {
        String reason = request == null ? null : request.reason();
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            return error(HttpStatus.BAD_REQUEST, "reopening needs a reason of 1 to " + MAX_REASON + " characters");
        }
        return archiving.reopen(id, user.getName(), reason.strip())
                ? ResponseEntity.ok(Map.of("migrationId", id, "reopened", true))
                : error(HttpStatus.NOT_FOUND, "migration " + id + " is not archived");
    }

    private static Map<String, Object> view(ArchivedMigrations.Archived a, List<String> files) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("migrationId", a.migrationId());
        view.put("archivedAt", a.archivedAt().toString());
        view.put("archivedBy", a.archivedBy());
        view.put("forced", a.forced());
        view.put("reason", a.reason());
        view.put("bundle", a.bundle());
        view.put("manifestSha256", a.manifestSha256());
        view.put("download", "/api/migrations/" + UriUtils.encodePathSegment(a.migrationId(), StandardCharsets.UTF_8)
                + "/archive.zip");
        if (files != null) {
            view.put("files", files);
        }
        return view;
    }

    private static List<String> files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
