package io.cutovermonitor.agent.progress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each reader on its tool's real output, captured here from Debian's rclone 1.60 and pv 1.6
 * ({@code src/test/resources/tool-output}).
 */
class ProgressReaderTest {

    @Test
    void rcloneStatsGiveFilesTransferredOfTheTotal() throws IOException {
        // Given rclone sync of 50 files with --use-json-log --stats 1s --bwlimit 4M -v
        List<String> lines = lines("rclone-sync.jsonl");

        // When every line is read
        List<Progress> progress = lines.stream().map(ProgressReader.rclone()::read).flatMap(Optional::stream).toList();

        // Then each stats line gives files done of 50, the last all 50; the "Copied (new)" lines give nothing
        assertThat(lines).hasSizeGreaterThan(50);
        assertThat(progress).extracting(Progress::done).containsExactly(20L, 40L, 50L);
        assertThat(progress).extracting(Progress::total).containsOnly(50L);
    }

    @Test
    void rcloneWithAMissingSourceReportsNoProgress() throws IOException {
        assertThat(lines("rclone-missing-source.jsonl").stream().map(ProgressReader.rclone()::read)
                .flatMap(Optional::stream)).allSatisfy(p -> assertThat(p.done()).isZero());
    }

    @Test
    void pvNumericLinesGiveTheLinesSoFar() throws IOException {
        // Given pv -n -l -b -i 0.1 counting 2,000,000 lines
        List<Progress> progress = lines("pv-lines.txt").stream().map(ProgressReader.pv(2_000_000L)::read)
                .flatMap(Optional::stream).toList();

        // Then the counts only grow and end at the total
        assertThat(progress).hasSizeGreaterThan(5);
        assertThat(progress).extracting(Progress::done).isSorted().last().isEqualTo(2_000_000L);
        assertThat(progress).extracting(Progress::total).containsOnly(2_000_000L);
    }

    @Test
    void pvWithTheElapsedTimeAndOtherLinesOfThePipe() {
        ProgressReader pv = ProgressReader.pv(null);
        assertThat(pv.read("1.0021 35301")).contains(new Progress(35301, null));
        assertThat(pv.read("ERROR:  relation \"orders\" does not exist")).isEmpty();
        assertThat(pv.read("COPY 5000")).isEmpty();
    }

    @Test
    void aRegexReadsNOfMInAnyToolsWords() {
        ProgressReader rows = ProgressReader.regex("(?<done>[\\d,]+) of (?<total>[\\d,]+) rows");
        assertThat(rows.read("exported 12,500 of 50,000 rows (25%)")).contains(new Progress(12_500, 50_000L));
        assertThat(rows.read("connecting ...")).isEmpty();
        assertThatThrownBy(() -> ProgressReader.regex("(\\d+) of (\\d+)"))
                .hasMessageContaining("(?<done>");
    }

    @Test
    void azcopyJsonOutputGivesTransfersCompletedOfTheTotal() throws IOException {
        // Given azcopy copy … --output-type json (Init, two Progress, EndOfJob)
        List<Progress> progress = lines("azcopy-copy.jsonl").stream().map(ProgressReader.azcopy()::read)
                .flatMap(Optional::stream).toList();

        // Then the Progress and EndOfJob messages give 37, 96, then all 120; Init gives nothing
        assertThat(progress).containsExactly(new Progress(37, 120L), new Progress(96, 120L), new Progress(120, 120L));
        assertThat(ProgressReader.azcopy().read("{\"MessageType\":\"Progress\",\"MessageContent\":"
                + "{\"TransfersCompleted\":5,\"TotalTransfers\":9}}")).contains(new Progress(5, 9L));
    }

    @Test
    void veleroDescribeDocumentsGiveItemsBackedUpOfTheTotal() throws IOException {
        // Given two Backup documents of velero backup describe -o json, each over many lines
        ProgressReader velero = ProgressReader.velero();
        List<Progress> progress = lines("velero-backup-describe.json").stream().map(velero::read)
                .flatMap(Optional::stream).toList();

        // Then one progress per document
        assertThat(progress).containsExactly(new Progress(517, 1284L), new Progress(1284, 1284L));
        assertThat(velero.read("An error occurred: backups.velero.io \"x\" not found")).isEmpty();
    }

    private static List<String> lines(String fixture) throws IOException {
        try (InputStream in = ProgressReaderTest.class.getResourceAsStream("/tool-output/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
