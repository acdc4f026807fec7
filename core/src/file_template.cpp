#include "file_template.h"

#include <cctype>
#include <optional>
#include <variant>

#include "retort/error.h"

namespace retort {
namespace {

using FieldValue = std::variant<std::string, long long>;

constexpr const char* kFieldNames =
    "rev, slug, epoch, year, month, day, hour, minute, second";

std::optional<FieldValue> FieldOf(const std::string& name, const FileNameFields& fields,
                                  const std::tm& utc) {
  if (name == "rev") return fields.rev;
  if (name == "slug") return fields.slug;
  if (name == "epoch") return static_cast<long long>(fields.epoch);
  if (name == "year") return static_cast<long long>(utc.tm_year + 1900);
  if (name == "month") return static_cast<long long>(utc.tm_mon + 1);
  if (name == "day") return static_cast<long long>(utc.tm_mday);
  if (name == "hour") return static_cast<long long>(utc.tm_hour);
  if (name == "minute") return static_cast<long long>(utc.tm_min);
  if (name == "second") return static_cast<long long>(utc.tm_sec);
  return std::nullopt;
}

// One conversion's flags, width and precision: the subset of Python's that
// makes sense in a file name.
struct Spec {
  bool left = false;  // '-'
  bool zero = false;  // '0'
  std::size_t width = 0;
  std::optional<std::size_t> precision;
  char conversion = 's';
};

std::string Pad(std::string text, const Spec& spec, bool numeric) {
  if (text.size() >= spec.width) return text;
  const std::size_t missing = spec.width - text.size();
  if (spec.left) return text + std::string(missing, ' ');
  if (spec.zero && numeric) {
    const std::size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
    return text.insert(sign, std::string(missing, '0'));
  }
  return std::string(missing, ' ') + text;
}

std::string Convert(const std::string& name, const FieldValue& value, const Spec& spec) {
  if (spec.conversion == 's') {
    std::string text = std::holds_alternative<std::string>(value)
                           ? std::get<std::string>(value)
                           : std::to_string(std::get<long long>(value));
    if (spec.precision && text.size() > *spec.precision) text.resize(*spec.precision);
    return Pad(std::move(text), spec, false);
  }
  if (!std::holds_alternative<long long>(value)) {
    throw ConfigError("%(" + name + ")" + spec.conversion + " needs a number, and " + name +
                      " is text: write %(" + name + ")s");
  }
  const long long number = std::get<long long>(value);
  std::string digits = std::to_string(number < 0 ? -number : number);
  if (spec.precision && digits.size() < *spec.precision) {
    digits.insert(0, *spec.precision - digits.size(), '0');
  }
  return Pad((number < 0 ? "-" : "") + digits, spec, true);
}

std::size_t ReadNumber(std::string_view text, std::size_t& at) {
  std::size_t number = 0;
  while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
    number = number * 10 + static_cast<std::size_t>(text[at] - '0');
    if (number > 255) throw ConfigError("a width or precision above 255 is not a file name");
    ++at;
  }
  return number;
}

// Formats `file_template`, calling `used` with each field name it refers to.
template <class OnField>
std::string Format(std::string_view file_template, const FileNameFields& fields,
                   OnField&& used) {
  std::tm utc{};
  ::gmtime_r(&fields.epoch, &utc);
  std::string result;
  for (std::size_t i = 0; i < file_template.size(); ++i) {
    if (file_template[i] != '%') {
      result += file_template[i];
      continue;
    }
    if (i + 1 < file_template.size() && file_template[i + 1] == '%') {
      result += '%';
      ++i;
      continue;
    }
    if (i + 1 >= file_template.size() || file_template[i + 1] != '(') {
      throw ConfigError("'%' must start a field such as %(rev)s (write %% for a '%')");
    }
    const std::size_t close = file_template.find(')', i + 2);
    if (close == std::string_view::npos) throw ConfigError("'%(' without a closing ')'");
    const std::string name(file_template.substr(i + 2, close - i - 2));
    const std::optional<FieldValue> value = FieldOf(name, fields, utc);
    if (!value) {
      throw ConfigError("unknown field %(" + name + ") (known: " + kFieldNames + ")");
    }
    used(name);
    Spec spec;
    std::size_t at = close + 1;
    for (; at < file_template.size(); ++at) {
      const char flag = file_template[at];
      if (flag == '-') {
        spec.left = true;
      } else if (flag == '0') {
        spec.zero = true;
      } else {
        break;
      }
    }
    spec.width = ReadNumber(file_template, at);
    if (at < file_template.size() && file_template[at] == '.') {
      ++at;
      spec.precision = ReadNumber(file_template, at);
    }
    if (at >= file_template.size() ||
        std::string_view("sdi").find(file_template[at]) == std::string_view::npos) {
      throw ConfigError("%(" + name + ") must be followed by a conversion: s (text) or d " +
                        "(a number), as in %(" + name + ")s or %(month).2d");
    }
    spec.conversion = file_template[at] == 'i' ? 'd' : file_template[at];
    result += Convert(name, *value, spec);
    i = at;
  }
  const std::size_t first = result.find_first_not_of("_-.");
  if (first == std::string::npos) return "";
  return result.substr(first, result.find_last_not_of("_-.") - first + 1);
}

}  // namespace

std::string FormatFileName(std::string_view file_template, const FileNameFields& fields) {
  return Format(file_template, fields, [](const std::string&) {});
}

std::string FileTemplateProblem(std::string_view file_template) {
  bool uses_rev = false;
  std::string name;
  try {
    name = Format(file_template, FileNameFields{"abc123", "slug", 0},
                  [&](const std::string& field) { uses_rev = uses_rev || field == "rev"; });
  } catch (const ConfigError& error) {
    return error.what();
  }
  if (!uses_rev) {
    return "it must use %(rev)s: retort finds a revision's file, and tells whether an id is "
           "taken, by the id in the file's name";
  }
  if (name.find('/') != std::string::npos) {
    return "it must not contain '/': revision files are not looked for in subfolders";
  }
  return "";
}

}  // namespace retort
