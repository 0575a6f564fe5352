import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Drops native libraries for other platforms from a jar (sqlite-jdbc, zstd-jni and JNA carry one per OS and
 * CPU), keeping those whose path contains one of the given fragments. Run as a source file:
 * {@code java SlimJar.java JAR FRAGMENT...}. A jar packaged for one OS needs only that OS's libraries.
 */
public final class SlimJar {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        List<String> keep = List.of(args).subList(1, args.length);
        Path slim = jar.resolveSibling(jar.getFileName() + ".slim");
        int dropped = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(slim))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                boolean nativeLib = name.matches(".*\\.(so|dylib|jnilib|dll|a)$");
                if (nativeLib && keep.stream().noneMatch(name::contains)) {
                    dropped++;
                    continue;
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                in.getInputStream(e).transferTo(out);
                out.closeEntry();
            }
        }
        Files.move(slim, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(jar.getFileName() + ": dropped " + dropped + " native libraries of other platforms");
    }
}
