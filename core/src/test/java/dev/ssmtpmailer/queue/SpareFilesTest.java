package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpareFilesTest {
    @TempDir
    Path dir;

    @Test
    void takeAs_givesTheLengthItWasGiven_orAsksTheFileForIt() throws Exception {
        SpareFiles spares = SpareFiles.open(dir.resolve("spare"));
        spares.give(file("a", 100), 100);
        spares.give(file("b", 70), -1);

        assertThat(spares.takeAs(dir.resolve("x"))).isEqualTo(100);
        assertThat(spares.takeAs(dir.resolve("y"))).isEqualTo(Files.size(dir.resolve("y"))).isEqualTo(70);
        assertThat(spares.takeAs(dir.resolve("z"))).isEqualTo(-1);
        assertThat(dir.resolve("z")).doesNotExist();
    }

    @Test
    void give_largeFile_deletesIt_whetherItsLengthIsGivenOrAsked() throws Exception {
        SpareFiles spares = SpareFiles.open(dir.resolve("spare"));
        int large = (int) SpareFiles.MAX_SPARE_BYTES + 1;
        spares.give(file("a", large), large);
        spares.give(file("b", large), -1);

        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("b")).doesNotExist();
        assertThat(spares.takeAs(dir.resolve("x"))).isEqualTo(-1);
    }

    @Test
    void open_sparesOfAPreviousOwner_haveNoKnownLength() throws Exception {
        SpareFiles first = SpareFiles.open(dir.resolve("spare"));
        first.give(file("a", 10), 10);

        SpareFiles again = SpareFiles.open(dir.resolve("spare"));

        assertThat(again.takeAs(dir.resolve("x"))).isEqualTo(SpareFiles.UNKNOWN_LENGTH);
        assertThat(Files.size(dir.resolve("x"))).isEqualTo(10);
    }

    @Test
    void give_fileGoneMeanwhile_keepsNothing() throws Exception {
        SpareFiles spares = SpareFiles.open(dir.resolve("spare"));

        spares.give(dir.resolve("gone"), 10);

        assertThat(spares.takeAs(dir.resolve("x"))).isEqualTo(-1);
    }

    private Path file(String name, int length) throws Exception {
        return Files.write(dir.resolve(name), new byte[length]);
    }
}
