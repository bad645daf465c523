//! Integration tests: each builds small fixture sites (tests/fixtures/) or the bundled hub and
//! asserts on the produced files, parsing HTML where structure matters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;
mod cms;
mod common;
mod editors;
mod firstpaint;
mod generator;
mod hub;
mod kiosk;
mod media;
mod po;
mod property;
mod reliability;
mod safety;
mod security;
mod validity;
mod zim;
