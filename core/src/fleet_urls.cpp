// Reading the URL list of a fleet: a file, standard input, or what a
// command prints.
#include <stdio.h>
#include <sys/wait.h>

#include <iostream>
#include <iterator>
#include <map>

#include "retort/dialect_loader.h"
#include "retort/error.h"
#include "retort/fleet.h"
#include "retort/url.h"
#include "text_util.h"
#include "whole_file.h"

namespace retort {

std::vector<std::string> ParseFleetUrls(std::string_view text, const std::string& origin) {
  std::vector<std::string> urls;
  std::map<std::string, int> line_of;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view content = text.substr(start, end - start);
    start = end + 1;
    ++number;
    const std::string where = origin + ":" + std::to_string(number);
    if (content.find('\0') != std::string_view::npos) {
      throw ConfigError(where + ": the line holds a NUL byte");
    }
    // A comment fills a line, or follows the URL after white space: a URL
    // writes its own '#' (a fragment, a password) without one before it.
    for (std::size_t hash = content.find('#'); hash != std::string_view::npos;
         hash = content.find('#', hash + 1)) {
      if (hash == 0 || content[hash - 1] == ' ' || content[hash - 1] == '\t') {
        content = content.substr(0, hash);
        break;
      }
    }
    const std::string line(text::Trim(content));
    if (line.empty()) continue;
    DatabaseUrl url;
    try {
      url = ParseDatabaseUrl(line);
      FindDialectForScheme(url.scheme);
    } catch (const Error& error) {
      throw ConfigError(where + ": " + error.what());
    }
    if (const auto [seen, added] = line_of.emplace(line, number); !added) {
      throw ConfigError(where + ": " + url.Redacted() + " is given twice, first on line " +
                        std::to_string(seen->second) + " (each database is migrated once)");
    }
    urls.push_back(line);
  }
  if (urls.empty()) throw ConfigError(origin + " lists no database URL");
  return urls;
}

std::vector<std::string> ReadFleetUrls(const std::filesystem::path& file) {
  if (file == "-") {
    const std::string text{std::istreambuf_iterator<char>(std::cin),
                           std::istreambuf_iterator<char>()};
    return ParseFleetUrls(text, "standard input");
  }
  const std::optional<std::string> text = ReadFileWhole(file);
  if (!text) throw FileError(file.string(), 0, "cannot read the list of database URLs");
  return ParseFleetUrls(*text, file.string());
}

std::vector<std::string> FleetUrlsFromCommand(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw ConfigError("cannot run '" + command + "' for the database URLs");
  std::string text;
  char buffer[4096];
  for (std::size_t read; (read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    text.append(buffer, read);
  }
  const int status = ::pclose(pipe);
  if (status != 0) {
    throw ConfigError("'" + command + "', which should print the database URLs, " +
                      (WIFEXITED(status)
                           ? "exited with status " + std::to_string(WEXITSTATUS(status))
                           : std::string("was stopped by a signal")));
  }
  return ParseFleetUrls(text, "the output of '" + command + "'");
}

}  // namespace retort
