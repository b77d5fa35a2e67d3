package dev.agentswarm.tools.files;

import dev.agentswarm.tools.ToolRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates paths supplied by a model and resolves them inside a fixed root directory.
 *
 * <p>A path is accepted only if all of the following hold; otherwise a {@link ToolRefusedException} with a
 * model-facing explanation is thrown:
 *
 * <ul>
 *   <li>it contains no NUL byte and no other control character;
 *   <li>it contains no backslash ({@code /} is the only separator, on every platform);
 *   <li>it contains no percent-encoding of {@code .}, {@code /}, {@code \}, {@code %} or NUL ({@code %2e},
 *       {@code %2f}, {@code %5c}, {@code %25}, {@code %00}, in any letter case) and no overlong UTF-8 lead byte
 *       ({@code %c0}, {@code %c1}); paths are never URL-decoded, so such sequences can only be an attempt to
 *       smuggle a traversal past a decoder further down the line;
 *   <li>it has no {@code ..} segment, even one that would stay inside the root;
 *   <li>if absolute, it lies under the root;
 *   <li>once every symbolic link is resolved, it (or, for a file that does not exist yet, its nearest existing
 *       ancestor) is still under the root's real path.
 * </ul>
 *
 * <p>What a path names is checked too. {@link #fileRefusal(Path)} tells callers that read a file whether they may:
 * only regular files qualify (never a FIFO, socket or device, whose reads can block forever or never end) and, by
 * default, only files with a single hard link. {@link #resolveForWrite(String)} refuses to overwrite anything but
 * a regular file with a single hard link, whatever the setting: writing through a hard link would change the file
 * outside the root it shares its content with. Link counts need the {@code unix} file attribute view; on file
 * systems without it (Windows) they are not checked.
 *
 * <p>The empty path and {@code .} denote the root itself. Methods return <em>real</em> paths (symbolic links
 * resolved), and callers should operate on those, not on the original string.
 *
 * <p>Residual risk: validation and use are two steps, so a local process that swaps a directory for a symbolic
 * link, a FIFO or a hard link in between (a time-of-check/time-of-use race) could still redirect or block an
 * access. The sandbox protects against paths chosen by a model, not against a hostile process on the same
 * machine.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%([0-9a-fA-F]{2})");
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private final Path root;
    private final boolean multiplyLinkedReads;
    private final boolean unixAttributes;

    private Sandbox(Path root, boolean multiplyLinkedReads) {
        this.root = root;
        this.multiplyLinkedReads = multiplyLinkedReads;
        this.unixAttributes = root.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    /**
     * Creates a sandbox rooted at an existing directory.
     *
     * @param root the root directory; it is resolved to its real path once, here
     * @return the sandbox
     * @throws IllegalArgumentException if {@code root} is not an existing directory
     * @throws UncheckedIOException if the real path of {@code root} cannot be determined
     */
    public static Sandbox of(Path root) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("Sandbox root is not an existing directory: " + root);
        }
        try {
            return new Sandbox(root.toRealPath(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve sandbox root " + root, e);
        }
    }

    /**
     * Returns a sandbox with the same root that lets {@link #fileRefusal(Path)} accept, or refuse, regular files
     * with more than one hard link. A sandbox from {@link #of(Path)} refuses them: a hard link inside the root may
     * name a file outside it, and unlike a symbolic link nothing in the path shows it. Writing such files is always
     * refused ({@link #resolveForWrite(String)}).
     *
     * @param allowed whether files with several hard links may be read
     * @return a sandbox with that setting
     */
    public Sandbox withMultiplyLinkedReads(boolean allowed) {
        return allowed == multiplyLinkedReads ? this : new Sandbox(root, allowed);
    }

    /**
     * Returns the real path of the root directory.
     *
     * @return the root, with symbolic links resolved
     */
    public Path root() {
        return root;
    }

    /**
     * Checks the syntax of a model-supplied path without touching the file system and returns it as a
     * normalized path relative to the root.
     *
     * @param path the path as given by the model, relative to the root or absolute under it
     * @return the normalized relative path (empty for the root itself)
     * @throws ToolRefusedException if the path breaks one of the rules listed in the class description
     */
    public Path checkSyntax(String path) {
        Objects.requireNonNull(path, "path");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\0') {
                throw refuse(path, "it contains a NUL byte");
            }
            if (Character.isISOControl(c)) {
                throw refuse(path, "it contains a control character");
            }
            if (c == '\\') {
                throw refuse(path, "it contains a backslash; use '/' as the path separator");
            }
        }
        Matcher escape = PERCENT_ESCAPE.matcher(path);
        while (escape.find()) {
            String hex = escape.group(1).toLowerCase(Locale.ROOT);
            if (hex.equals("2e")
                    || hex.equals("2f")
                    || hex.equals("5c")
                    || hex.equals("25")
                    || hex.equals("00")
                    || hex.equals("c0")
                    || hex.equals("c1")) {
                throw refuse(
                        path,
                        "it contains the URL-encoded sequence '" + escape.group()
                                + "'; paths are not URL-decoded, write the plain characters instead");
            }
        }
        Path parsed;
        try {
            parsed = root.getFileSystem().getPath(path);
        } catch (InvalidPathException e) {
            throw refuse(path, "it is not a valid path (" + e.getReason() + ")");
        }
        for (Path segment : parsed) {
            if (segment.toString().equals("..")) {
                throw new ToolRefusedException("Refused path '" + path + "': path traversal with '..' is not"
                        + " allowed. Use a path relative to the sandbox root without '..' segments.");
            }
        }
        if (parsed.isAbsolute()) {
            Path normalized = parsed.normalize();
            if (!normalized.startsWith(root)) {
                throw new ToolRefusedException("Refused path '" + path + "': absolute paths outside the sandbox"
                        + " root are not allowed. Use a path relative to the sandbox root.");
            }
            return root.relativize(normalized);
        }
        return parsed.normalize();
    }

    /**
     * Resolves a path to an existing file or directory inside the sandbox.
     *
     * @param path the path as given by the model
     * @return the real path of the file or directory, guaranteed to be under {@link #root()}
     * @throws ToolRefusedException if the path breaks a syntax rule or resolves outside the root
     * @throws IllegalArgumentException if nothing exists at the path
     * @throws UncheckedIOException if the path cannot be resolved for another I/O reason
     */
    public Path resolveExisting(String path) {
        Path candidate = root.resolve(checkSyntax(path));
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(candidate)) {
                throw refuse(path, "it is a symbolic link whose target does not exist");
            }
            throw new IllegalArgumentException(
                    "No such file or directory: '" + path + "'. Paths are relative to"
                            + " the sandbox root; list the parent directory to see what exists.",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve '" + path + "': " + e.getMessage(), e);
        }
        requireInside(path, real);
        return real;
    }

    /**
     * Resolves a path for a file that is about to be created or overwritten. The file itself need not exist;
     * its nearest existing ancestor must resolve inside the root, an existing file must be a regular file (not a
     * symbolic link, directory, FIFO, socket or device) with a single hard link, and the root itself cannot be
     * written.
     *
     * @param path the path as given by the model
     * @return the path to write, whose existing part is a real path under {@link #root()}
     * @throws ToolRefusedException if the path breaks a syntax rule, escapes the root, or names a symbolic link, a
     *     directory, another non-regular file or a file with several hard links
     * @throws UncheckedIOException if the path cannot be resolved for another I/O reason
     */
    public Path resolveForWrite(String path) {
        Path relative = checkSyntax(path);
        if (relative.toString().isEmpty()) {
            throw refuse(path, "it names the sandbox root directory; give a file path");
        }
        Path target = root.resolve(relative);
        if (Files.isSymbolicLink(target)) {
            throw refuse(path, "it is a symbolic link; writing through links is not allowed");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw refuse(path, "it is a directory; give a file path");
        }
        Path existing = target.getParent();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw refuse(path, "none of its parent directories exists");
        }
        Path realAncestor;
        try {
            realAncestor = existing.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve '" + path + "': " + e.getMessage(), e);
        }
        requireInside(path, realAncestor);
        if (!Files.isDirectory(realAncestor)) {
            throw refuse(path, "its parent '" + relativize(realAncestor) + "' is not a directory");
        }
        Path resolved = realAncestor.resolve(existing.relativize(target));
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(resolved, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return resolved;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot inspect '" + path + "': " + e.getMessage(), e);
        }
        if (!attributes.isRegularFile()) {
            throw refuse(
                    path, "it is " + kindOf(resolved) + ", not a regular file; only regular files can be" + " written");
        }
        int links = linkCount(resolved);
        if (links > 1) {
            throw refuse(
                    path,
                    "it has " + links + " hard links, so writing it could change a file outside the"
                            + " sandbox; only files with a single link can be written");
        }
        return resolved;
    }

    /**
     * Tells why a file inside the sandbox must not be read, or nothing if it may be. Refused are: anything that is
     * not a regular file (a directory, a FIFO, a socket, a device, or a symbolic link given unresolved), and,
     * unless {@link #withMultiplyLinkedReads(boolean)} allowed them, regular files with more than one hard link.
     *
     * @param realPath a path inside the root whose parent directories are real (as returned by
     *     {@link #resolveExisting(String)} or met while walking the root without following links)
     * @return the reason, such as "it is a FIFO (named pipe), not a regular file", or empty if it may be read
     * @throws IllegalArgumentException if the path is not inside the root
     * @throws UncheckedIOException if the file cannot be inspected
     */
    public Optional<String> fileRefusal(Path realPath) {
        if (!contains(realPath)) {
            throw new IllegalArgumentException("Not inside the sandbox: " + realPath);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(realPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot inspect " + realPath + ": " + e.getMessage(), e);
        }
        if (attributes.isDirectory()) {
            return Optional.of("it is a directory, not a regular file");
        }
        if (attributes.isSymbolicLink()) {
            return Optional.of("it is a symbolic link, not a regular file");
        }
        if (!attributes.isRegularFile()) {
            return Optional.of("it is " + kindOf(realPath) + ", not a regular file");
        }
        if (!multiplyLinkedReads) {
            int links = linkCount(realPath);
            if (links > 1) {
                return Optional.of("it has " + links + " hard links, so its content may belong to a file outside"
                        + " the sandbox");
            }
        }
        return Optional.empty();
    }

    /**
     * Describes a file that is neither regular nor a directory nor a symbolic link, such as "a FIFO (named pipe)".
     */
    String kindOf(Path file) {
        if (unixAttributes) {
            try {
                int type = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
                switch (type) {
                    case S_IFIFO -> {
                        return "a FIFO (named pipe)";
                    }
                    case S_IFSOCK -> {
                        return "a socket";
                    }
                    case S_IFCHR -> {
                        return "a character device";
                    }
                    case S_IFBLK -> {
                        return "a block device";
                    }
                    default -> {}
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot read the mode of {}: {}", file, e.toString());
            }
        }
        return "a special file (a device, socket or FIFO)";
    }

    private int linkCount(Path file) {
        if (!unixAttributes) {
            return 1;
        }
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the link count of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tells whether a real path lies inside the sandbox root.
     *
     * @param realPath a path with symbolic links already resolved
     * @return {@code true} if it is the root or lies under it
     */
    public boolean contains(Path realPath) {
        return realPath.normalize().startsWith(root);
    }

    /**
     * Renders a path under the root as a root-relative string with {@code /} separators, the form the tools show
     * to models.
     *
     * @param realPath a path under the root
     * @return the relative path, or {@code .} for the root itself
     * @throws IllegalArgumentException if the path is not under the root
     */
    public String relativize(Path realPath) {
        if (!contains(realPath)) {
            throw new IllegalArgumentException("Not inside the sandbox: " + realPath);
        }
        String relative = root.relativize(realPath.normalize()).toString();
        if (relative.isEmpty()) {
            return ".";
        }
        String separator = root.getFileSystem().getSeparator();
        return separator.equals("/") ? relative : relative.replace(separator, "/");
    }

    private void requireInside(String path, Path real) {
        if (!contains(real)) {
            throw new ToolRefusedException("Refused path '" + path + "': it resolves through a symbolic link to a"
                    + " location outside the sandbox root. Only files inside the sandbox can be accessed.");
        }
    }

    private static ToolRefusedException refuse(String path, String reason) {
        return new ToolRefusedException("Refused path '" + sanitize(path) + "': " + reason + ".");
    }

    private static String sanitize(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "Sandbox[" + root + (multiplyLinkedReads ? ", multiply-linked reads allowed" : "") + "]";
    }
}
