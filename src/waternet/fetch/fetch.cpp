#include "waternet/fetch/fetch.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <cmath>
#include <map>
#include <set>
#include <mutex>
#include <thread>

#include "waternet/core/error.hpp"
#include "waternet/core/progress.hpp"
#include "waternet/fetch/manifest.hpp"
#include "waternet/fetch/validate.hpp"
#include "waternet/io/provenance.hpp"

namespace wn::fetch {

namespace {

struct Job {
    const Source* source = nullptr;
    std::string url;
    std::string path;             // relative to the data folder
    ExpectedFormat format = ExpectedFormat::vector;
    const FetchArea* area = nullptr;  // bbox sources: for the next page
    int page = 1;
};

enum class FailureKind { unreachable, other };
struct Failure {
    FailureKind kind;
    std::string text;
};

// RD metres as they go into a URL: whole metres without decimals, others with up to 3.
std::string coordinate(double v) { return fmt::format("{}", std::round(v * 1000.0) / 1000.0); }

std::string page_text(int page) { return fmt::format("{:04d}", page); }

Job bbox_job(const Source& s, const FetchArea& area, int page) {
    Job job;
    job.source = &s;
    job.format = s.format;
    job.area = &area;
    job.page = page;
    const long long start = static_cast<long long>(page - 1) * s.page_size;
    job.url = fill_template(s.url,
                            {{"xmin", coordinate(area.min_x)},
                             {"ymin", coordinate(area.min_y)},
                             {"xmax", coordinate(area.max_x)},
                             {"ymax", coordinate(area.max_y)},
                             {"startindex", std::to_string(start)},
                             {"count", std::to_string(s.page_size)}},
                            s.id + ".url");
    job.path = fill_template(s.file, {{"area", area.name}, {"page", page_text(page)}}, s.id + ".file");
    return job;
}

// A tile's name becomes a file name: it must not be able to leave the folder or hide itself.
void require_safe_tile_name(const std::string& name, const Source& s) {
    const bool safe = !name.empty() && name.front() != '.' && name.find('/') == std::string::npos &&
                      name.find('\\') == std::string::npos && name.find('\0') == std::string::npos;
    if (!safe) throw InputError(fmt::format("{}: the tile index names a tile '{}', which cannot be a file name", s.id, name));
}

class Fetcher {
public:
    explicit Fetcher(const FetchOptions& options)
        : options_(options), manifest_(Manifest::load(options.out_dir)) {}

    // Runs `jobs` (and the pages they lead to) with the parallel limit; returns when all are done or stopped.
    void run(std::deque<Job> jobs, const std::string& label) {
        queue_ = std::move(jobs);
        stop_ = false;
        active_ = 0;
        done_ = 0;
        Progress progress(label, static_cast<double>(queue_.size()), options_.quiet);
        progress_ = &progress;
        std::vector<std::thread> workers;
        const int count = std::max(1, std::min<int>(options_.parallel, static_cast<int>(std::max<std::size_t>(queue_.size(), 1))));
        for (int i = 0; i < count; ++i) workers.emplace_back([this] { work(); });
        for (auto& w : workers) w.join();
        progress.finish();
        progress_ = nullptr;
        if (error_) std::rethrow_exception(error_);
    }

    const std::vector<Failure>& failures() const { return failures_; }
    const FetchSummary& summary() const { return summary_; }

private:
    void work() {
        HttpClient client(options_.http);
        for (;;) {
            Job job;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [&] { return stop_ || !queue_.empty() || active_ == 0; });
                if (stop_ || queue_.empty()) {
                    wake_.notify_all();
                    return;
                }
                job = std::move(queue_.front());
                queue_.pop_front();
                ++active_;
            }
            try {
                const bool have = process(client, job);
                if (have) continue_paging(job);
            } catch (...) {
                std::lock_guard lock(mutex_);
                if (!error_) error_ = std::current_exception();
                stop_ = true;
            }
            std::lock_guard lock(mutex_);
            --active_;
            ++done_;
            if (progress_) progress_->update(static_cast<double>(done_));
            wake_.notify_all();
        }
    }

    // True when the job's file is there and confirmed at the end (downloaded now or before).
    bool process(HttpClient& client, const Job& job) {
        {
            std::lock_guard lock(mutex_);
            if (!claimed_.insert(job.path).second) return false;  // two areas or sources giving the same file: once
        }
        const bool confirmed = [&] {
            std::lock_guard lock(manifest_mutex_);
            return manifest_.confirms(options_.out_dir, job.path, job.url);
        }();
        if (confirmed) {
            std::lock_guard lock(mutex_);
            ++summary_.confirmed;
            return true;
        }
        return download(client, job);
    }

    // Sleeps `seconds` in short steps, so that Ctrl-C and a stop are not kept waiting.
    void pause(double seconds) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < until) {
            throw_if_interrupted();
            if (stopped()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    bool stopped() {
        std::lock_guard lock(mutex_);
        return stop_;
    }

    bool download(HttpClient& client, const Job& job) {
        const std::filesystem::path final_path = options_.out_dir / job.path;
        std::filesystem::create_directories(final_path.parent_path());
        std::filesystem::path part = final_path;
        part += ".part";
        struct PartRemover {
            std::filesystem::path path;
            ~PartRemover() {
                std::error_code ec;
                std::filesystem::remove(path, ec);
            }
        } remover{part};

        std::string last_problem;
        FailureKind kind = FailureKind::other;
        for (int attempt = 0; attempt <= options_.retries; ++attempt) {
            if (attempt > 0) {
                std::lock_guard lock(mutex_);
                ++summary_.retried;
            }
            if (attempt > 0) pause(std::min(options_.max_backoff_s, options_.backoff_s * std::pow(2.0, attempt - 1)));
            throw_if_interrupted();
            if (stopped()) return false;
            const TryResult r = client.get(job.url, part);
            if (r.outcome == TryOutcome::interrupted) throw Interrupted();
            if (r.outcome == TryOutcome::ok) {
                const std::string problem = gdal_problem(part, job.format);
                if (problem.empty()) {
                    publish(job, part, final_path);
                    return true;
                }
                last_problem = "the download is damaged: " + problem;
                kind = FailureKind::other;
                spdlog::debug("{}: {} (try {})", job.url, last_problem, attempt + 1);
                continue;
            }
            last_problem = r.message;
            kind = r.outcome == TryOutcome::unreachable ? FailureKind::unreachable : FailureKind::other;
            spdlog::debug("{}: {} (try {})", job.url, last_problem, attempt + 1);
            if (r.outcome == TryOutcome::refused) break;
        }
        std::lock_guard lock(mutex_);
        failures_.push_back({kind, fmt::format("{} ({}): {}", job.path, job.url, last_problem)});
        // No connection at all: the other files would only wait for the same time-outs.
        if (kind == FailureKind::unreachable) stop_ = true;
        return false;
    }

    void publish(const Job& job, const std::filesystem::path& part, const std::filesystem::path& final_path) {
        ManifestEntry entry;
        entry.path = job.path;
        entry.source = job.source->id;
        entry.url = job.url;
        entry.fetched_utc = utc_now_iso8601();
        entry.licence = job.source->licence;
        entry.crs = job.source->crs;
        entry.size_bytes = std::filesystem::file_size(part);
        entry.sha256 = sha256_file(part);
        std::filesystem::rename(part, final_path);
        {
            std::lock_guard lock(manifest_mutex_);
            manifest_.record(entry);
            manifest_.save(options_.out_dir);
        }
        std::lock_guard lock(mutex_);
        ++summary_.downloaded;
        summary_.bytes_downloaded += entry.size_bytes;
    }

    // A page that is full (startindex) or links to a next page (next-link) has a successor.
    void continue_paging(const Job& job) {
        const Source& s = *job.source;
        if (s.paging == Paging::none || job.area == nullptr) return;
        const std::filesystem::path file = options_.out_dir / job.path;
        std::optional<Job> next;
        if (s.paging == Paging::startindex) {
            if (feature_count(file) >= s.page_size) next = bbox_job(s, *job.area, job.page + 1);
        } else if (const auto link = next_link(file)) {
            next = bbox_job(s, *job.area, job.page + 1);
            next->url = *link;
        }
        if (!next) return;
        std::lock_guard lock(mutex_);
        if (job.page >= s.max_pages) {
            failures_.push_back({FailureKind::other, fmt::format("{}: more than max_pages = {} pages for area {}; "
                                                                 "raise max_pages or fetch a smaller area",
                                                                 s.id, s.max_pages, job.area->name)});
            return;
        }
        queue_.push_front(std::move(*next));
        wake_.notify_one();
    }

    const FetchOptions& options_;
    Manifest manifest_;
    std::mutex manifest_mutex_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::set<std::string> claimed_;
    int active_ = 0;
    int done_ = 0;
    bool stop_ = false;
    std::exception_ptr error_;
    std::vector<Failure> failures_;
    FetchSummary summary_;
    Progress* progress_ = nullptr;
};

std::vector<const Source*> selected_sources(const FetchOptions& options) {
    for (const std::string& id : options.only_sources) {
        const bool known = std::any_of(options.services.sources.begin(), options.services.sources.end(),
                                       [&](const Source& s) { return s.id == id; });
        if (!known) {
            std::vector<std::string> ids;
            for (const Source& s : options.services.sources) ids.push_back(s.id);
            throw InputError(fmt::format("--sources: no source '{}' in {} (the sources are: {})", id,
                                         options.services.file.string(), fmt::join(ids, ", ")));
        }
    }
    std::vector<const Source*> out;
    for (const Source& s : options.services.sources) {
        if (!options.only_sources.empty() &&
            std::find(options.only_sources.begin(), options.only_sources.end(), s.id) == options.only_sources.end())
            continue;
        if (s.kind == SourceKind::tiles && s.resolution_m && options.ahn_resolution_m &&
            std::abs(*s.resolution_m - *options.ahn_resolution_m) > 1e-9)
            continue;
        out.push_back(&s);
    }
    if (out.empty()) throw InputError("no source to fetch: the selection (--sources, --ahn-resolution) leaves none");
    return out;
}

[[noreturn]] void report_failures(const std::vector<Failure>& failures, const FetchOptions& options) {
    const bool offline = std::any_of(failures.begin(), failures.end(), [](const Failure& f) { return f.kind == FailureKind::unreachable; });
    std::string text = offline ? "the data service cannot be reached (offline, or the server is down): "
                               : fmt::format("{} file{} could not be fetched: ", failures.size(), failures.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < std::min<std::size_t>(failures.size(), 5); ++i) text += (i ? "; " : "") + failures[i].text;
    if (failures.size() > 5) text += fmt::format("; and {} more", failures.size() - 5);
    text += fmt::format(". Nothing half-downloaded was kept; {} lists the files that are complete, and running the "
                        "same command again fetches the rest",
                        (options.out_dir / Manifest::kFileName).string());
    throw ServiceUnavailable(text);
}

}  // namespace

FetchSummary fetch_data(const FetchOptions& options) {
    if (options.areas.empty()) throw InputError("data fetch: no area (give a region file, --bbox or --polygon)");
    if (options.parallel < 1 || options.parallel > 16) throw InputError("--parallel must be 1 … 16 (be polite to the service)");
    std::filesystem::create_directories(options.out_dir);
    const std::vector<const Source*> sources = selected_sources(options);
    Fetcher fetcher(options);

    // First the tile indexes, which say which tiles there are.
    std::deque<Job> indexes;
    for (const Source* s : sources)
        if (s->kind == SourceKind::tiles) indexes.push_back({s, s->index_url, s->index_file, ExpectedFormat::vector, nullptr, 1});
    if (!indexes.empty()) fetcher.run(std::move(indexes), "data fetch: tile indexes");
    if (!fetcher.failures().empty()) report_failures(fetcher.failures(), options);

    std::deque<Job> jobs;
    std::map<std::string, std::string> url_of_path;
    const auto add = [&](Job job) {
        const auto [it, inserted] = url_of_path.emplace(job.path, job.url);
        if (!inserted && it->second != job.url)
            throw InputError(fmt::format("{}: two downloads would write {} ({} and {}); make the file templates differ",
                                         job.source->id, job.path, it->second, job.url));
        if (inserted) jobs.push_back(std::move(job));
    };
    for (const Source* s : sources) {
        switch (s->kind) {
            case SourceKind::tiles: {
                const auto tiles = tiles_for_areas(options.out_dir / s->index_file, s->tile_field, s->url_field, options.areas);
                if (tiles.empty()) spdlog::warn("{}: the tile index has no tile in the area(s)", s->id);
                for (const TileRef& tile : tiles) {
                    require_safe_tile_name(tile.name, *s);
                    Job job{s, "", "", s->format, nullptr, 1};
                    job.url = s->url.empty() ? tile.url : fill_template(s->url, {{"tile", tile.name}}, s->id + ".url");
                    job.path = fill_template(s->file, {{"tile", tile.name}}, s->id + ".file");
                    add(std::move(job));
                }
                break;
            }
            case SourceKind::bbox:
                for (const FetchArea& area : options.areas) add(bbox_job(*s, area, 1));
                break;
            case SourceKind::file: add({s, s->url, s->file, s->format, nullptr, 1}); break;
        }
    }
    fetcher.run(std::move(jobs), "data fetch");
    if (!fetcher.failures().empty()) report_failures(fetcher.failures(), options);
    return fetcher.summary();
}

}  // namespace wn::fetch
