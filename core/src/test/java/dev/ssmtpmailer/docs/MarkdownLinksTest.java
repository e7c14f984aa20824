package dev.ssmtpmailer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every link of every Markdown file of the repository stays inside the repository and leads somewhere: the
 * file or directory exists, and an anchor ({@code file.md#section}, {@code #section}) names a heading of it.
 * A clone has nothing beside it, so a link to {@code ../shared/...} is as broken as a typo.
 */
class MarkdownLinksTest {
    private static boolean external(String target) {
        return target.matches("(?i)(https?|mailto):.*");
    }

    /** @return what is wrong with a link, or null */
    private static String problem(Markdown.Link link) {
        String target = link.target();
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*") || target.startsWith("/")) {
            return "neither a relative path nor an http(s)/mailto link";
        }
        Path resolved = pathPart.isEmpty() ? link.file()
                : link.file().getParent().resolve(URLDecoder.decode(pathPart, StandardCharsets.UTF_8)).normalize();
        if (!resolved.startsWith(Markdown.ROOT)) {
            return "leads outside the repository (" + resolved + ")";
        }
        if (!Files.exists(resolved)) {
            return "no such file: " + Markdown.ROOT.relativize(resolved);
        }
        if (anchor != null && resolved.toString().endsWith(".md") && !Markdown.anchors(resolved).contains(anchor)) {
            return "no heading with anchor #" + anchor + " in " + Markdown.ROOT.relativize(resolved);
        }
        return null;
    }

    @Test
    void everyRelativeLink_leadsToAFileOrHeadingInsideTheRepository() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : Markdown.files()) {
            for (Markdown.Link link : Markdown.links(file)) {
                if (external(link.target())) {
                    continue;
                }
                checked++;
                String problem = problem(link);
                if (problem != null) {
                    broken.add(link + " -- " + problem);
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(50);
    }

    @Test
    void linkChecker_findsLinksOutsideCodeAndComputesGitHubAnchors() {
        Path readme = Markdown.ROOT.resolve("README.md");
        assertThat(Markdown.links(readme)).extracting(Markdown.Link::target).contains("docs/guide.md", "LICENSE");
        assertThat(Markdown.slug("The `smtp.domain1.com` record")).isEqualTo("the-smtpdomain1com-record");
        assertThat(Markdown.slug("1. DNS records")).isEqualTo("1-dns-records");
        assertThat(Markdown.anchors(Markdown.ROOT.resolve("docs/dns.md"))).contains("what-is-checked")
                .doesNotContain("etcsystemdsystemssmtp-mailerservice");
        Markdown.Link outside = new Markdown.Link(readme, 1, "../shared/spec/mail-relay-guide.md");
        assertThat(problem(outside)).startsWith("leads outside the repository");
        assertThat(problem(new Markdown.Link(readme, 1, "docs/guide.md#no-such-heading")))
                .isEqualTo("no heading with anchor #no-such-heading in docs/guide.md");
        assertThat(problem(new Markdown.Link(readme, 1, "file:///etc/passwd")))
                .isEqualTo("neither a relative path nor an http(s)/mailto link");
    }
}
