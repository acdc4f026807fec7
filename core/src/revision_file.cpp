// What both revision formats share: reading the file, the name check, the
// checksum.
#include <nettle/sha2.h>
#include <nettle/version.h>

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "retort/error.h"
#include "retort/script_directory.h"
#include "revision_readers.h"
#include "text_util.h"
#include "whole_file.h"

namespace retort {

std::string RevisionIdProblem(const std::string& id) {
  if (id.empty()) return "a revision id cannot be empty";
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return "revision id '" + id + "' may hold only letters, digits and '_' (it names a file " +
             "and must not read as a target such as rev+1 or label@head)";
    }
  }
  if (id.front() == '_') return "revision id '" + id + "' cannot start with '_'";
  for (const char* keyword : {"head", "heads", "base", "current"}) {
    if (id == keyword) return "revision id '" + id + "' is a target keyword";
  }
  return "";
}

bool FileNameHoldsId(std::string_view stem, std::string_view id) {
  if (id.empty()) return false;
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t at = stem.find(id); at != std::string_view::npos; at = stem.find(id, at + 1)) {
    const std::size_t end = at + id.size();
    if ((at == 0 || !is_word(stem[at - 1])) && (end == stem.size() || !is_word(stem[end]))) {
      return true;
    }
  }
  return false;
}

void CheckRevisionId(const std::string& path, const std::string& id, int line) {
  if (const std::string problem = RevisionIdProblem(id); !problem.empty()) {
    throw FileError(path, line, problem);
  }
  // The file name's stem, taken as text: std::filesystem::path splits the
  // whole path into parts, once per revision of a history.
  std::string_view stem = text::FileNameOf(path);
  if (const std::size_t dot = stem.find_last_of('.'); dot != std::string_view::npos && dot > 0) {
    stem = stem.substr(0, dot);
  }
  if (FileNameHoldsId(stem, id)) return;
  throw FileError(path, line, "revision '" + id + "' is in a file whose name does not start with '" +
                                  id + "_' nor hold the id as a file_template writes it; name " +
                                  "revision files {revision}_{slug}");
}

std::string Sha256Hex(const std::string& bytes) {
  // Nettle rather than OpenSSL: a digest of a few hundred bytes is a call,
  // not a provider lookup and a context allocation (OpenSSL's EVP took ten
  // times as long as the hashing itself), and the library is a tenth of
  // libcrypto's size to map at every start.
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  std::uint8_t digest[SHA256_DIGEST_SIZE];
#if NETTLE_VERSION_MAJOR >= 4
  sha256_digest(&context, digest);  // Nettle 4 dropped the length argument
#else
  sha256_digest(&context, SHA256_DIGEST_SIZE, digest);
#endif
  static const char kHex[] = "0123456789abcdef";
  std::string hex(2 * SHA256_DIGEST_SIZE, '0');
  for (std::size_t i = 0; i < SHA256_DIGEST_SIZE; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 15];
  }
  return hex;
}

std::string ReadRevisionText(const std::filesystem::path& path, struct stat* opened) {
  std::optional<std::string> text = ReadFileWhole(path, opened);
  if (!text) throw FileError(path.string(), 0, "cannot be read");
  return std::move(*text);
}

bool IsYamlRevisionPath(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml";
}

Revision ParseRevisionText(const std::string& path, const std::string& text) {
  // The extension as text: std::filesystem::path splits the whole path.
  const std::string_view name = text::FileNameOf(path);
  if (name.ends_with(".sql")) return ParseSqlRevision(path, text);
  if (name.ends_with(".yaml") || name.ends_with(".yml")) return ParseYamlRevision(path, text);
  if (name.ends_with(".cpp")) return ParseCppRevision(path, text);
  throw FileError(path, 0, "is neither a .yaml, a .sql nor a .cpp revision");
}

Revision ReadRevisionFile(const std::filesystem::path& path) {
  return ParseRevisionText(path.string(), ReadRevisionText(path));
}

}  // namespace retort
