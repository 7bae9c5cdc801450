import Foundation

/// `path` made absolute against `base` when relative, with `.` and `..` components resolved.
func absolutePath(_ path: String, relativeTo base: String) -> String {
    let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: base).appendingPathComponent(path)
    return url.standardizedFileURL.path
}

/// The process's current directory, against which paths given in code are resolved.
var currentDirectory: String {
    FileManager.default.currentDirectoryPath
}

/// The absolute folder that holds the file at `path`.
func directory(containing path: String) -> String {
    URL(fileURLWithPath: absolutePath(path, relativeTo: currentDirectory)).deletingLastPathComponent().path
}
