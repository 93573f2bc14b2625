package dev.labconsole.runtime.model;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read or written, in a user's words. The JDK's own messages often are just
 * the path again ({@code AccessDeniedException: /x/y}), which after "cannot read /x/y:" says nothing.
 */
public final class FileProblems {

    private FileProblems() {
    }

    /** A short reason for {@code error}, such as "permission denied" or "it does not exist". */
    public static String why(IOException error) {
        if (error instanceof NoSuchFileException) {
            return "it does not exist";
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied (check who owns it and its mode)";
        }
        if (error instanceof java.nio.file.FileAlreadyExistsException) {
            return "something of that name is already there";
        }
        if (error instanceof NotDirectoryException) {
            return "a part of the path is a file, not a folder";
        }
        if (error instanceof CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        if (error instanceof FileSystemException fs && fs.getReason() != null) {
            // The reason alone ("Is a directory", "No space left on device"), without the paths around it.
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? "the system could not read it" : message;
    }
}
