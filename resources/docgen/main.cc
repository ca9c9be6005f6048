// azbatch-docgen: writes the registry documentation (docs/) from the
// provider's own schemas and the example files.
//
//   azbatch-docgen --examples examples --out docs [--check]
//
// Missing example files and schema elements without a description are listed
// on stderr; with --check either one makes the exit status 1. Pages under the
// output folder that the provider no longer has are removed.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "resources/docgen/descriptions.h"
#include "resources/docgen/pages.h"
#include "resources/registry.h"

namespace {

namespace fs = std::filesystem;
using azbatch::resources::docgen::Page;

int Usage() {
  std::cerr << "usage: azbatch-docgen --out DIR [--examples DIR] [--check]\n";
  return 2;
}

bool WritePages(const std::vector<Page>& pages, const fs::path& out) {
  std::set<fs::path> written;
  for (const Page& p : pages) {
    fs::path file = out / p.path;
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f << p.content;
    if (!f) {
      std::cerr << "azbatch-docgen: cannot write " << file << "\n";
      return false;
    }
    written.insert(file.lexically_normal());
  }
  // Stale pages of types that no longer exist.
  for (const char* dir : {"resources", "data-sources", "functions"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(out / dir, ec)) {
      if (e.path().extension() == ".md" && !written.count(e.path().lexically_normal())) {
        fs::remove(e.path(), ec);
        std::cerr << "azbatch-docgen: removed stale " << e.path().string() << "\n";
      }
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out, examples_dir;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (a == "--examples" && i + 1 < argc) {
      examples_dir = argv[++i];
    } else if (a == "--check") {
      check = true;
    } else {
      return Usage();
    }
  }
  if (out.empty()) return Usage();

  std::unique_ptr<azbatch::framework::Provider> provider =
      azbatch::resources::NewAzbatchProvider("docs");
  azbatch::resources::docgen::Examples examples(examples_dir);
  std::vector<Page> pages = azbatch::resources::docgen::RenderPages(*provider, &examples);
  if (!WritePages(pages, out)) return 1;
  std::cerr << "azbatch-docgen: wrote " << pages.size() << " pages to " << out << "\n";

  bool failed = false;
  const std::vector<std::string>& missing = examples.missing();
  if (!missing.empty()) {
    std::cerr << "azbatch-docgen: " << missing.size()
              << " example files missing (their sections are left out):\n";
    for (const std::string& m : missing) std::cerr << "  " << m << "\n";
    failed = check;
  }
  std::vector<std::string> undescribed = azbatch::resources::docgen::MissingDescriptions(*provider);
  if (!undescribed.empty()) {
    std::cerr << "azbatch-docgen: " << undescribed.size() << " of "
              << azbatch::resources::docgen::CountDescribable(*provider)
              << " schema elements have no description:\n";
    for (const std::string& m : undescribed) std::cerr << "  " << m << "\n";
    failed = failed || check;
  }
  return failed ? 1 : 0;
}
