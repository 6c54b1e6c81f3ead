package dev.myelin.data.image;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder of class subfolders indexed as Keras does: classes are the subfolder names in sorted
 * order (or the given list), files are listed folder by folder (sorted by path, then by name) with
 * an allowed extension.
 *
 * @param root the folder
 * @param classNames the classes, in label order
 * @param files every image, class by class, as paths relative to {@code root} ({@code
 *     class/file.jpg})
 * @param labels the class index of each file
 */
record ImageFolder(Path root, List<String> classNames, List<String> files, int[] labels) {
  /** keras-preprocessing 1.0.2's {@code white_list_formats}. */
  static final Set<String> KERAS2_FORMATS =
      Set.of("png", "jpg", "jpeg", "bmp", "ppm", "tif", "tiff");

  /** Keras 3's {@code ALLOWLIST_FORMATS} for {@code image_dataset_from_directory}. */
  static final Set<String> KERAS3_FORMATS = Set.of("bmp", "gif", "jpeg", "jpg", "png");

  /**
   * Indexes {@code root}; fails naming the folder when it is missing, has no class subfolder, a
   * class subfolder without images, or no image at all.
   */
  static ImageFolder index(
      Path root, List<String> classes, Set<String> formats, boolean followLinks, String op)
      throws IOException {
    if (root == null) {
      throw new IllegalArgumentException(
          op + ": argument 'directory' expected a folder but was null");
    }
    if (!Files.exists(root)) {
      throw new NoSuchFileException(root.toString(), null, op + ": image folder not found");
    }
    if (!Files.isDirectory(root)) {
      throw new NotDirectoryException(root + " (" + op + " expects a folder of class subfolders)");
    }
    List<String> names = new ArrayList<>();
    if (classes == null || classes.isEmpty()) {
      try (Stream<Path> s = Files.list(root)) {
        s.filter(Files::isDirectory)
            .map(p -> p.getFileName().toString())
            .filter(n -> !n.startsWith("."))
            .sorted()
            .forEach(names::add);
      }
      if (names.isEmpty()) {
        throw new IllegalArgumentException(
            op
                + ": argument 'directory' expected a folder of class subfolders but "
                + root
                + " has no subfolder");
      }
    } else {
      for (String c : classes) {
        if (!Files.isDirectory(root.resolve(c))) {
          throw new IllegalArgumentException(
              op + ": argument 'classes' names " + c + " but " + root.resolve(c) + " is no folder");
        }
        names.add(c);
      }
    }
    List<String> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      List<String> found =
          listImages(root.resolve(names.get(k)), names.get(k), formats, followLinks);
      if (found.isEmpty()) {
        // Keras counts such a class and never yields it, so labels silently skip an index: fail
        // instead and say how to leave the folder out.
        throw new IllegalArgumentException(
            op
                + ": class folder "
                + root.resolve(names.get(k))
                + " holds no image (expected files ending in "
                + new java.util.TreeSet<>(formats)
                + "); remove it or pass the classes to use");
      }
      files.addAll(found);
      for (int i = 0; i < found.size(); i++) {
        labels.add(k);
      }
    }
    return new ImageFolder(
        root, List.copyOf(names), List.copyOf(files), labels.stream().mapToInt(i -> i).toArray());
  }

  /** The images below one class folder: folders in path order, files by name inside each. */
  private static List<String> listImages(
      Path dir, String className, Set<String> formats, boolean followLinks) throws IOException {
    TreeMap<String, List<String>> byFolder = new TreeMap<>();
    EnumSet<FileVisitOption> opts =
        followLinks
            ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
            : EnumSet.noneOf(FileVisitOption.class);
    try (Stream<Path> s =
        Files.walk(dir, Integer.MAX_VALUE, opts.toArray(new FileVisitOption[0]))) {
      s.filter(Files::isRegularFile)
          .filter(p -> allowed(p.getFileName().toString(), formats))
          .forEach(
              p ->
                  byFolder
                      .computeIfAbsent(p.getParent().toString(), k -> new ArrayList<>())
                      .add(p.getFileName().toString()));
    }
    List<String> out = new ArrayList<>();
    for (var e : byFolder.entrySet()) {
      Path folder = Path.of(e.getKey());
      List<String> names = e.getValue();
      names.sort(null);
      for (String name : names) {
        out.add(
            className + "/" + dir.relativize(folder.resolve(name)).toString().replace('\\', '/'));
      }
    }
    return out;
  }

  private static boolean allowed(String name, Set<String> formats) {
    String lower = name.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    return dot >= 0 && formats.contains(lower.substring(dot + 1));
  }
}
