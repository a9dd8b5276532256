package io.cutovermonitor.service.archive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where acceptance bundles go ({@code monitor.archive.*}).
 *
 * @param dir each archived migration gets a directory {@code <id>-<archived at>} under it
 */
@ConfigurationProperties("monitor.archive")
public record ArchiveProperties(@DefaultValue("./data/archive") String dir) {
}
