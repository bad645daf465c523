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
use senda::cli::{
    BuildArgs, CheckArgs, Cli, Command, Format, NewArgs, ServeArgs, StatusArgs, StatusFormat,
};
use senda::content::Date;
use senda::diag::{self, Diagnostic, Diagnostics};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Status(args) => status(args),
        Command::New(args) => new(args),
        Command::Serve(args) => serve(args),
    }
}

fn print_diagnostics(list: &[Diagnostic], format: Format) {
    match format {
        Format::Json => println!("{}", diag::to_json(list)),
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

fn build(args: BuildArgs) -> ExitCode {
    let mut opts = if args.kiosk {
        senda::BuildOptions::kiosk(&args.root)
    } else {
        senda::BuildOptions::new(&args.root)
    };
    if let Some(out) = args.output {
        opts.output = out;
    }
    opts.base_url = args.base_url;
    opts.drafts = args.drafts;
    opts.precompress = args.precompress;
    let result = senda::build_with_progress(&opts, &Bar::new());
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    print_diagnostics(&result.diagnostics.sorted(), args.format);
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
            let _ = writeln!(
                err,
                "Built {total} pages ({}) and {} files in all into {} in {:.2} s{}",
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
            ExitCode::SUCCESS
        }
        None => {
            let _ = writeln!(
                err,
                "Build failed: {errors} error(s), {warnings} warning(s). Nothing was written; the previous site is untouched."
            );
            ExitCode::from(1)
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let diags = senda::check::check(&args.root, args.strict, Date::today());
    let errors = diags.error_count();
    let warnings = diags.warning_count();
    print_diagnostics(&diags.sorted(), args.format);
    if args.format == Format::Text {
        let _ = writeln!(
            std::io::stderr(),
            "{}: {errors} error(s), {warnings} warning(s).",
            if errors == 0 {
                "Check passed"
            } else {
                "Check failed"
            }
        );
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn load_or_report(root: &std::path::Path) -> Option<senda::Loaded> {
    let mut diags = Diagnostics::new();
    let loaded = senda::load(root, None, false, &mut diags);
    if diags.has_errors() || loaded.is_none() {
        print_diagnostics(&diags.sorted(), Format::Text);
        let _ = writeln!(
            std::io::stderr(),
            "The site has errors: run `senda check` for details."
        );
        return None;
    }
    loaded
}

fn status(args: StatusArgs) -> ExitCode {
    let Some(loaded) = load_or_report(&args.root) else {
        return ExitCode::from(1);
    };
    let site = &loaded.site;
    let only = match &args.lang {
        None => None,
        Some(code) => match site.config.language_index(code) {
            Some(i) => Some(i),
            None => {
                let _ = writeln!(
                    std::io::stderr(),
                    "error: `{code}` is not one of the site's languages"
                );
                return ExitCode::from(2);
            }
        },
    };
    let s = senda::status::status(site, only);
    let out = match args.format {
        StatusFormat::Text => senda::status::to_text(&s),
        StatusFormat::Json => senda::status::to_json(&s),
        StatusFormat::Html => senda::status::to_html(&s),
    };
    print!("{out}");
    ExitCode::SUCCESS
}

fn new(args: NewArgs) -> ExitCode {
    let mut diags = Diagnostics::new();
    let Some(config) = senda::config::load(&args.root, &mut diags) else {
        print_diagnostics(&diags.sorted(), Format::Text);
        return ExitCode::from(1);
    };
    match senda::scaffold::new(
        &args.root,
        &config,
        &args.path,
        args.lang.as_deref(),
        args.refresh,
        Date::today(),
    ) {
        Ok(created) => {
            let msg = match created {
                senda::scaffold::Created::Page(p) => format!("Created {}", diag::display_path(&p)),
                senda::scaffold::Created::Translation(p) => format!(
                    "Created {} (a copy of the source to translate; its source_hash is recorded)",
                    diag::display_path(&p)
                ),
                senda::scaffold::Created::Refreshed(p, h) => {
                    format!("Updated source_hash of {} to {h}", diag::display_path(&p))
                }
            };
            let _ = writeln!(std::io::stderr(), "{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let d = Diagnostic::error(&e, diag::Location::default());
            print_diagnostics(&[d], Format::Text);
            ExitCode::from(1)
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let opts = senda::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        kiosk: args.kiosk,
        cms_port: args.cms_port,
    };
    match senda::serve::serve(&opts, &mut std::io::stderr()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(1)
        }
    }
}
