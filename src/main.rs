//! The `senda` binary: parse the command line, call the library, print diagnostics and
//! summaries to stderr (reports to stdout), and choose the exit code (0 success, 1 the site
//! has errors, 2 bad usage).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use senda::{
    BuildArgs, CheckArgs, Cli, Command, Diagnostic, Diagnostics, Format, NewArgs, PoCommand,
    ServeArgs, SiteFiles, StatusArgs, StatusFormat,
};

/// How a run ended (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    Success,
    /// The site has errors (bad content, templates, links).
    SiteErrors,
    /// Bad usage (clap exits with 2 on its own for unknown flags).
    Usage,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        match e {
            Exit::Success => ExitCode::SUCCESS,
            Exit::SiteErrors => ExitCode::from(1),
            Exit::Usage => ExitCode::from(2),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let exit = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Status(args) => status(args),
        Command::New(args) => new(args),
        Command::Serve(args) => serve(args),
        Command::Po(PoCommand::Export(args)) => po_export(args),
        Command::Po(PoCommand::Import(args)) => po_import(args),
    };
    exit.into()
}

fn print_diagnostics(list: &[Diagnostic], format: Format) {
    match format {
        Format::Json => println!("{}", senda::diagnostics_json(list)),
        Format::Text => {
            let mut err = std::io::stderr().lock();
            for d in list {
                let _ = writeln!(err, "{}", d.render());
            }
        }
    }
}

/// A progress bar on a terminal; nothing otherwise (the summary line follows).
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::hidden();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages") {
            bar.set_style(style);
        }
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar(Some(bar))
    }
}

impl senda::Progress for Bar {
    fn start(&self, total: usize) {
        if let Some(b) = &self.0 {
            b.set_length(total as u64);
        }
    }
    fn tick(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

fn build(args: BuildArgs) -> Exit {
    if args.zim {
        return build_zim(args);
    }
    let format = args.format;
    let opts = senda::BuildOptions::from(args);
    let result = senda::build_with_progress(&opts, &Bar::new());
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    print_diagnostics(&result.diagnostics.sorted(), format);
    let mut err = std::io::stderr().lock();
    match result.report {
        Some(report) => {
            if std::env::var_os("SENDA_TIMINGS").is_some() {
                for (phase, d) in &report.timings.phases {
                    let _ = writeln!(err, "  {:>7.1} ms  {phase}", d.as_secs_f64() * 1000.0);
                }
            }
            let total: usize = report.pages.iter().map(|(_, n)| n).sum();
            let per_lang: Vec<String> = report
                .pages
                .iter()
                .map(|(code, n)| format!("{code} {n}"))
                .collect();
            let m = &report.media;
            let mut media = String::new();
            if m.images > 0 {
                media.push_str(&format!(
                    "; {} image(s), {} file(s) encoded, {} from the cache",
                    m.images, m.encoded, m.cached
                ));
            }
            if m.audio > 0 {
                media.push_str(&format!(
                    "; {} page(s) with audio, {} synthesised",
                    m.audio, m.synthesized
                ));
            }
            let _ = writeln!(
                err,
                "Built {total} pages ({}) and {} files in all into {} in {:.2} s{media}{}",
                per_lang.join(", "),
                report.files,
                report.output.display(),
                report.elapsed.as_secs_f64(),
                if warnings > 0 {
                    format!(", with {warnings} warning(s)")
                } else {
                    String::new()
                }
            );
            Exit::Success
        }
        None => {
            let _ = writeln!(
                err,
                "Build failed: {errors} error(s), {warnings} warning(s). Nothing was written; the previous site is untouched."
            );
            Exit::SiteErrors
        }
    }
}

/// `senda build --zim`: one ZIM file per language.
fn build_zim(args: BuildArgs) -> Exit {
    let format = args.format;
    let mut opts = senda::zim_options(&args.root);
    if let Some(out) = args.output {
        opts.output = out;
    }
    opts.load.base_url = args.base_url;
    opts.load.drafts = args.drafts;
    let result = senda::build_zim(&opts);
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    print_diagnostics(&result.diagnostics.sorted(), format);
    let mut err = std::io::stderr().lock();
    let Some(report) = result.report else {
        let _ = writeln!(
            err,
            "Build failed: {errors} error(s), {warnings} warning(s). Nothing was written; the previous ZIM files are untouched."
        );
        return Exit::SiteErrors;
    };
    if std::env::var_os("SENDA_TIMINGS").is_some() {
        for (phase, d) in &report.timings.phases {
            let _ = writeln!(err, "  {:>7.1} ms  {phase}", d.as_secs_f64() * 1000.0);
        }
    }
    let _ = writeln!(
        err,
        "Built {} ZIM file(s) into {} in {:.2} s{}:",
        report.files.len(),
        report.output.display(),
        report.elapsed.as_secs_f64(),
        if warnings > 0 {
            format!(", with {warnings} warning(s)")
        } else {
            String::new()
        }
    );
    for f in &report.files {
        let name = f.path.file_name().unwrap_or_default().to_string_lossy();
        let size = if f.bytes >= 1_048_576 {
            format!("{:.1} MB", f.bytes as f64 / 1_048_576.0)
        } else {
            format!("{} KB", f.bytes.div_ceil(1024))
        };
        let _ = writeln!(
            err,
            "  {name}  {size}, {} files, language {}",
            f.entries, f.iso639_3
        );
    }
    Exit::Success
}

fn check(args: CheckArgs) -> Exit {
    let report = senda::check_report(&senda::CheckOptions::from(&args));
    let diags = report.diagnostics;
    let errors = diags.error_count();
    let warnings = diags.warning_count();
    print_diagnostics(&diags.sorted(), args.format);
    if args.format == Format::Text {
        let mut err = std::io::stderr().lock();
        if !report.weights.is_empty() {
            let _ = writeln!(
                err,
                "Pages with images (HTML + CSS gzip, and the images a 360 px wide phone downloads):"
            );
            for w in &report.weights {
                let _ = writeln!(err, "  {}", w.line());
            }
        }
        if !report.readability.is_empty() {
            let _ = writeln!(
                err,
                "Readability (each language's own pages, all together):"
            );
            for r in &report.readability {
                let score = match (r.formula, r.score) {
                    (Some(f), Some(s)) => format!(", {} {s:.1} ({})", f.name(), f.band(s)),
                    _ => String::new(),
                };
                let _ = writeln!(
                    err,
                    "  {:<6} {:>3} pages, {:>5} sentences: {:.1} words per sentence, {:.0} % over the long-sentence length{score}; {} page(s) warned",
                    r.code, r.pages, r.sentences, r.words_per_sentence, r.long_percent, r.warned
                );
            }
        }
        let _ = writeln!(
            err,
            "{}: {errors} error(s), {warnings} warning(s).",
            if errors == 0 {
                "Check passed"
            } else {
                "Check failed"
            }
        );
    }
    if errors > 0 {
        Exit::SiteErrors
    } else {
        Exit::Success
    }
}

/// `senda status`: whatever is broken in the site, it reports what it can read, and lists
/// what it cannot; it fails (1) only without a usable site.yaml or content/, or with
/// `--strict` when a file could not be read.
fn status(args: StatusArgs) -> Exit {
    let mut diags = Diagnostics::new();
    let survey = senda::survey(&args.root, false, &mut diags);
    let Some(survey) = survey.filter(|s| !s.pages.is_empty() || !diags.has_errors()) else {
        print_diagnostics(&diags.sorted(), Format::Text);
        let _ = writeln!(
            std::io::stderr(),
            "There is no site to report on here: senda status needs a site.yaml it can read and a content/ folder."
        );
        return Exit::SiteErrors;
    };
    let config = &survey.config;
    let only = match &args.lang {
        None => None,
        Some(code) => match config.language_index(code) {
            Some(i) => Some(i),
            None => {
                let _ = writeln!(
                    std::io::stderr(),
                    "error: `{code}` is not one of the site's languages"
                );
                return Exit::Usage;
            }
        },
    };
    let dir = match senda::po_folder(&args.root, args.po.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            return Exit::Usage;
        }
    };
    if let (Some(page), Some(lang)) = (&args.diff, only) {
        return match senda::diff_report(&survey, &args.root, &dir, page, lang) {
            Ok(text) => {
                print!("{text}");
                Exit::Success
            }
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "error: {e}");
                Exit::SiteErrors
            }
        };
    }
    let problems = diags.sorted();
    let broken = senda::broken_files(&problems);
    let mut s = senda::status(config, &survey.pages, only, &broken);
    s.add_problems(&problems);
    senda::annotate_status(&mut s, &survey, &args.root, &dir);
    let out = match args.format {
        StatusFormat::Text => senda::status_text(&s),
        StatusFormat::Json => senda::status_json(&s),
        StatusFormat::Html => senda::status_html(&s),
    };
    print!("{out}");
    if args.strict && !s.unreadable.is_empty() {
        Exit::SiteErrors
    } else {
        Exit::Success
    }
}

fn po_export(args: senda::PoExportArgs) -> Exit {
    let opts = senda::PoExportOptions::from(args);
    let mut diags = Diagnostics::new();
    let started = std::time::Instant::now();
    let report = senda::po_export(&opts, &mut diags);
    let failed = diags.has_errors();
    print_diagnostics(&diags.sorted(), Format::Text);
    let mut err = std::io::stderr().lock();
    let Some(r) = report else {
        let _ = writeln!(err, "Export failed: nothing was written.");
        return Exit::SiteErrors;
    };
    let dir = senda::po_shown(&opts.root, &r.dir);
    let _ = writeln!(
        err,
        "Exported {} page(s) into {} in {:.2} s: {} template(s) ({} changed)",
        r.templates,
        senda::display_path(&dir),
        started.elapsed().as_secs_f64(),
        r.templates,
        r.templates_written
    );
    for l in &r.languages {
        let _ = writeln!(
            err,
            "  {:<6} {} PO file(s) ({} changed{}): {} of {} entries translated, {} fuzzy",
            l.code,
            l.files,
            l.written,
            if l.bootstrapped > 0 {
                format!(", {} made from existing translations", l.bootstrapped)
            } else {
                String::new()
            },
            l.translated,
            l.messages,
            l.fuzzy
        );
    }
    for n in &r.notices {
        let _ = writeln!(err, "  note: {n}");
    }
    if failed {
        Exit::SiteErrors
    } else {
        Exit::Success
    }
}

fn po_import(args: senda::PoImportArgs) -> Exit {
    let opts = senda::PoImportOptions::from(args);
    let mut diags = Diagnostics::new();
    let report = senda::po_import(&opts, &mut diags);
    let failed = diags.has_errors();
    print_diagnostics(&diags.sorted(), Format::Text);
    let mut err = std::io::stderr().lock();
    let Some(r) = report else {
        let _ = writeln!(
            err,
            "Import failed: nothing was written (fix the PO files above and run it again)."
        );
        return Exit::SiteErrors;
    };
    for l in &r.languages {
        let _ = writeln!(
            err,
            "{}: {} PO file(s): {} page(s) written{}, {} unchanged, {} not finished",
            l.code,
            l.files,
            l.written,
            if l.partial > 0 {
                format!(" ({} with untranslated blocks)", l.partial)
            } else {
                String::new()
            },
            l.unchanged,
            l.skipped.len()
        );
        for s in &l.skipped {
            let _ = writeln!(
                err,
                "  skipped {}: {} of {} entries untranslated, {} fuzzy ({})",
                s.po,
                s.untranslated,
                s.total,
                s.fuzzy,
                if opts.partial {
                    "nothing is translated yet: readers see the fallback"
                } else {
                    "finish it, or use --partial"
                }
            );
        }
    }
    if failed {
        Exit::SiteErrors
    } else {
        Exit::Success
    }
}

fn new(args: NewArgs) -> Exit {
    let mut diags = Diagnostics::new();
    let Some(config) = senda::load_config(&SiteFiles::disk(&args.root), &mut diags) else {
        print_diagnostics(&diags.sorted(), Format::Text);
        return Exit::SiteErrors;
    };
    let opts = senda::NewOptions::from(args);
    match senda::new_page(&opts, &config) {
        Ok(created) => {
            let msg = match created {
                senda::Created::Page(p) => format!("Created {}", senda::display_path(&p)),
                senda::Created::Translation(p) => format!(
                    "Created {} (a copy of the source to translate; its source_hash is recorded)",
                    senda::display_path(&p)
                ),
                senda::Created::Refreshed(p, h) => {
                    format!("Updated source_hash of {} to {h}", senda::display_path(&p))
                }
            };
            let _ = writeln!(std::io::stderr(), "{msg}");
            Exit::Success
        }
        Err(e) => {
            let d = Diagnostic::error(&e, senda::Location::default());
            print_diagnostics(&[d], Format::Text);
            Exit::SiteErrors
        }
    }
}

fn serve(args: ServeArgs) -> Exit {
    let opts = senda::ServeOptions::from(args);
    match senda::serve(&opts, &mut std::io::stderr()) {
        Ok(()) => Exit::Success,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            Exit::SiteErrors
        }
    }
}
