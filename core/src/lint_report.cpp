// How a lint report is written: severities by name, text for people, JSON
// for tools.
#include <array>
#include <sstream>

#include "retort/document_tree.h"
#include "retort/error.h"
#include "retort/lint.h"

namespace retort {
namespace {

constexpr std::array<std::string_view, 3> kSeverityNames = {"info", "warning", "error"};

std::string Where(const LintFinding& finding) {
  std::string where = finding.file.empty() ? "revision " + finding.revision : finding.file;
  if (finding.line > 0) where += ":" + std::to_string(finding.line);
  return where;
}

std::string LocksText(const LintFinding& finding) {
  std::string text;
  for (const LintLock& lock : finding.locks) {
    text += (text.empty() ? "takes " : ", ") + lock.mode + " on " + ToString(lock.table);
  }
  return text;
}

std::string CostText(const LintFinding& finding) {
  std::vector<std::string> parts;
  if (!finding.locks.empty()) parts.push_back(LocksText(finding));
  if (finding.rewrites && finding.rebuilds.empty()) {
    parts.push_back("rewrites the table");
  } else if (finding.scans) {
    parts.push_back("scans the table");
  }
  for (const QualifiedName& table : finding.rebuilds) {
    parts.push_back("rebuilds " + ToString(table) + " (copies every row)");
  }
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

std::string Plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

DocNode FindingDoc(const LintFinding& finding) {
  DocNode locks = DocNode::List();
  for (const LintLock& lock : finding.locks) {
    locks.Append(DocNode::Map()
                     .Set("table", DocNode::Text(ToString(lock.table)))
                     .Set("mode", DocNode::Text(lock.mode)));
  }
  DocNode rebuilds = DocNode::List();
  for (const QualifiedName& table : finding.rebuilds) rebuilds.Append(DocNode::Text(ToString(table)));
  DocNode doc = DocNode::Map();
  doc.Set("rule", DocNode::Text(finding.rule))
      .Set("severity", DocNode::Text(std::string(SeverityName(finding.severity))))
      .Set("revision", DocNode::Text(finding.revision))
      .Set("file", DocNode::Text(finding.file))
      .Set("line", DocNode::Integer(finding.line))
      .Set("operation", DocNode::Text(finding.operation))
      .Set("locks", std::move(locks))
      .Set("scans", DocNode::Bool(finding.scans))
      .Set("rewrites", DocNode::Bool(finding.rewrites))
      .Set("rebuilds", std::move(rebuilds))
      .Set("message", DocNode::Text(finding.message))
      .Set("safer", finding.safer.empty() ? DocNode() : DocNode::Text(finding.safer));
  return doc;
}

}  // namespace

std::string_view SeverityName(LintSeverity severity) {
  return kSeverityNames[static_cast<std::size_t>(severity)];
}

LintSeverity ParseLintSeverity(std::string_view text, const std::string& where) {
  for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (text == kSeverityNames[i]) return static_cast<LintSeverity>(i);
  }
  throw ConfigError(where + ": unknown severity '" + std::string(text) +
                    "'; use info, warning or error");
}

std::string FormatLintText(const LintReport& report) {
  std::ostringstream out;
  std::array<std::size_t, 3> counts{};
  for (const LintFinding& finding : report.findings) {
    ++counts[static_cast<std::size_t>(finding.severity)];
    out << Where(finding) << ": " << SeverityName(finding.severity) << " [" << finding.rule
        << "] " << finding.operation << " (revision " << finding.revision << ")\n";
    if (const std::string cost = CostText(finding); !cost.empty()) out << "  " << cost << "\n";
    out << "  " << finding.message << "\n";
    if (!finding.safer.empty()) {
      out << "  safer:\n";
      std::istringstream lines(finding.safer);
      for (std::string line; std::getline(lines, line);) out << "    " << line << "\n";
    }
  }
  if (!report.findings.empty()) out << "\n";
  out << Plural(report.findings.size(), "finding") << " (" << counts[2] << " error, "
      << counts[1] << " warning, " << counts[0] << " info) in "
      << Plural(report.revisions.size(), "revision") << " for " << report.dialect << "\n";
  return out.str();
}

std::string FormatLintJson(const LintReport& report) {
  DocNode doc = DocNode::Map();
  // docs/json.md: the envelope every report of --format json has.
  doc.Set("format_version", DocNode::Integer(1))
      .Set("dialect", DocNode::Text(report.dialect))
      .Set("revisions", DocNode::TextList(report.revisions))
      .Set("findings", ListOf(report.findings, FindingDoc));
  return doc.ToJson();
}

}  // namespace retort
