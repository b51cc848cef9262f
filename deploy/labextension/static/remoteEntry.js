/*
 * The course hub's JupyterLab extension ("dystonia-hub"), written by hand as a prebuilt
 * (federated) extension: JupyterLab loads this file, calls init() and get("./extension") on
 * the container it registers (webpack's module-federation protocol) and activates the plugin
 * the module exports.  The plugin imports nothing (it uses only the application object
 * JupyterLab hands it), so there is nothing to build or bundle.
 *
 * What it adds to nbgrader's Assignment List (nbgrader 0.9's own panel, unchanged):
 *   - each assignment's due date, in the student's own time zone, and once it has passed a
 *     warning that a submission now is late; each submission made after it is marked "late".
 *     The due dates come from the same list request the panel makes (GET assignments):
 *     deploy/jupyter/dystonia_exchange.py's DatedExchangeList adds "due_at" (UTC) to each
 *     assignment, from the due_dates.json that the grader's release publishes.
 *   - "(view feedback)" opens the feedback pages themselves (nbgrader only points the file
 *     browser at their folder): each .html in that folder opens in JupyterLab's HTML viewer.
 */
(function () {
  "use strict";

  var NAME = "dystonia-hub";
  var REFRESH_MS = 15000;           // due dates are fetched again after this long
  var FEEDBACK_FOLDER = /(^|\/)feedback\/[^/]+\/?$/;
  var NBGRADER_TIME = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? UTC$/;

  /** A Date from nbgrader's submission time ("2026-12-06 10:50:51.053271 UTC"), or null. */
  function parseNbgraderTime(text) {
    var m = NBGRADER_TIME.exec(String(text).trim());
    if (!m) {
      return null;
    }
    var ms = m[7] ? Math.floor(Number("0." + m[7]) * 1000) : 0;
    return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms));
  }

  /** A due date in the reader's own time zone, with the zone named. */
  function formatDue(date) {
    return date.toLocaleString(undefined, {
      year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
      timeZoneName: "short"
    });
  }

  // --- "(view feedback)" opens the pages ---------------------------------------------------
  function openFeedback(app, path) {
    return app.serviceManager.contents.get(path, { content: true }).then(function (folder) {
      var pages = (folder.content || []).filter(function (item) {
        return item.type === "file" && /\.html$/.test(item.name);
      }).sort(function (a, b) { return a.name < b.name ? -1 : 1; });
      return pages.reduce(function (done, page) {
        return done.then(function () {
          return app.commands.execute("docmanager:open", { path: page.path, factory: "HTML Viewer" });
        });
      }, Promise.resolve());
    }).catch(function (error) {
      console.warn(NAME + ": could not open the feedback in " + path, error);
    });
  }

  // --- due dates in the Assignment List ------------------------------------------------------
  function DueDates(app) {
    this.app = app;
    this.byCourse = {};             // course -> {at: ms, due: {assignment: Date}, pending: Promise}
  }

  DueDates.prototype.get = function (course) {
    var entry = this.byCourse[course];
    var now = Date.now();
    if (entry && (entry.pending || now - entry.at < REFRESH_MS)) {
      return entry.pending || Promise.resolve(entry.due);
    }
    var settings = this.app.serviceManager.serverSettings;
    var headers = settings.token ? { Authorization: "token " + settings.token } : {};
    var url = settings.baseUrl + "assignments?course_id=" + encodeURIComponent(course);
    var self = this;
    var pending = fetch(url, { credentials: "same-origin", headers: headers })
      .then(function (reply) { return reply.ok ? reply.json() : { value: [] }; })
      .then(function (data) {
        var due = {};
        (Array.isArray(data.value) ? data.value : []).forEach(function (item) {
          var when = item && item.due_at ? new Date(item.due_at) : null;
          if (when && !isNaN(when.getTime())) {
            due[item.assignment_id] = when;
          }
        });
        self.byCourse[course] = { at: Date.now(), due: due, pending: null };
        return due;
      })
      .catch(function () {
        self.byCourse[course] = { at: Date.now(), due: {}, pending: null };
        return {};
      });
    this.byCourse[course] = { at: now, due: {}, pending: pending };
    return pending;
  };

  /** The assignment rows of nbgrader's list: [{row, name, course}]. */
  function assignmentRows() {
    var rows = [];
    document.querySelectorAll(".list_item.row:not(.nested_list_item)").forEach(function (row) {
      var top = row.querySelector(":scope > .col-md-12");
      var name = top && top.querySelector(":scope > .item_name");
      var course = top && top.querySelector(":scope > .item_course");
      if (name && course && course.textContent.trim()) {
        // the assignment's id is the first element's text (a link, or a plain span), before our mark
        var id = (name.firstElementChild || name).textContent.trim();
        rows.push({ row: row, name: name, assignment: id, course: course.textContent.trim() });
      }
    });
    return rows;
  }

  function decorate(item, due, now) {
    var mark = item.name.querySelector(".dystonia-due");
    if (!mark) {
      mark = document.createElement("span");
      mark.className = "dystonia-due";
      mark.style.marginLeft = "0.6em";
      mark.style.fontSize = "90%";
      item.name.appendChild(mark);
    }
    var late = now > due.getTime();
    mark.textContent = late
      ? "past due (" + formatDue(due) + "): a submission now is late"
      : "due " + formatDue(due);
    mark.style.color = late ? "var(--jp-error-color1, #b00020)" : "var(--jp-ui-font-color2, #555)";
    mark.style.fontWeight = late ? "bold" : "normal";
    mark.dataset.late = late ? "true" : "false";
    mark.title = "Due date set by your instructor";
    item.row.querySelectorAll(".nested_list_item .item_name").forEach(function (cell) {
      var first = cell.firstChild;
      var when = first && first.nodeType === Node.TEXT_NODE ? parseNbgraderTime(first.textContent) : null;
      if (when && when.getTime() > due.getTime() && !cell.querySelector(".dystonia-late")) {
        var tag = document.createElement("span");
        tag.className = "dystonia-late";
        tag.textContent = " (late)";
        tag.style.color = "var(--jp-error-color1, #b00020)";
        tag.style.fontWeight = "bold";
        cell.insertBefore(tag, first.nextSibling);
      }
    });
  }

  function watchAssignmentList(app) {
    var dueDates = new DueDates(app);
    var scheduled = false;
    function update() {
      scheduled = false;
      var rows = assignmentRows();
      var courses = {};
      rows.forEach(function (item) { courses[item.course] = true; });
      Object.keys(courses).forEach(function (course) {
        dueDates.get(course).then(function (due) {
          var now = Date.now();
          rows.forEach(function (item) {
            if (item.course === course && due[item.assignment]) {
              decorate(item, due[item.assignment], now);
            }
          });
        });
      });
    }
    new MutationObserver(function () {
      if (!scheduled && document.querySelector(".list_item .item_course")) {
        scheduled = true;
        setTimeout(update, 150);
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  var plugin = {
    id: NAME + ":assignment-list",
    description: "Due dates and late warnings in the Assignment List; (view feedback) opens the pages.",
    autoStart: true,
    activate: function (app) {
      app.commands.commandExecuted.connect(function (_, call) {
        var path = call && call.id === "filebrowser:go-to-path" && call.args ? String(call.args.path || "") : "";
        if (FEEDBACK_FOLDER.test(path)) {
          openFeedback(app, path);
        }
      });
      watchAssignmentList(app);
    }
  };

  var root = typeof window !== "undefined" ? window : self;
  root._JUPYTERLAB = root._JUPYTERLAB || {};
  root._JUPYTERLAB[NAME] = {
    init: function () { return Promise.resolve(); },     // it shares and needs no package
    get: function (module) {
      if (module !== "./extension") {
        return Promise.reject(new Error(NAME + " has no module " + module));
      }
      return Promise.resolve(function () { return { __esModule: true, "default": [plugin] }; });
    }
  };
})();
