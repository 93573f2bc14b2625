package dev.labconsole.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * The JDK's file errors carry the path as their whole message ("cannot read /x: /x" before); the reason
 * says what happened instead. Permission errors cannot be made as root, where these tests run, so the
 * exceptions are the JDK's own, built as it builds them.
 */
class FileProblemsTest {

    @Test
    void theReasonIsWordsNotThePathAgain() {
        assertThat(FileProblems.why(new AccessDeniedException("/home/s/reviews.txt")))
                .isEqualTo("permission denied (check who owns it and its mode)");
        assertThat(FileProblems.why(new NoSuchFileException("/home/s/reviews.txt"))).isEqualTo("it does not exist");
        assertThat(FileProblems.why(new MalformedInputException(1))).isEqualTo("it is not UTF-8 text");
        assertThat(FileProblems.why(new FileSystemException("/home/s/out", null, "No space left on device")))
                .isEqualTo("no space left on device");
        assertThat(FileProblems.why(new IOException())).isEqualTo("the system could not read it");
    }
}
