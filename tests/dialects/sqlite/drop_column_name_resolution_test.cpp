// A view or trigger blocks drop_column only when SQLite's own name
// resolution finds it using the column: one that joins the table and reads
// another table's column of the same name (Northwind's Invoices view and
// Employees.Region) does not.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "rebuild_test_support.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;
using namespace retort::testing::rebuild;

namespace {

// A corner of Northwind: Customers and Employees both have a Region, and
// Invoices reads the customer's, as do the triggers on Orders.
constexpr const char* kNorthwind = R"sql(CREATE TABLE Customers (
  CustomerID TEXT PRIMARY KEY,
  CompanyName TEXT NOT NULL,
  Region TEXT
);
CREATE TABLE Employees (
  EmployeeID INTEGER PRIMARY KEY,
  LastName TEXT NOT NULL,
  Region TEXT
);
CREATE TABLE Orders (
  OrderID INTEGER PRIMARY KEY,
  CustomerID TEXT REFERENCES Customers (CustomerID),
  EmployeeID INTEGER REFERENCES Employees (EmployeeID),
  ShipRegion TEXT
);
CREATE TABLE OrderLog (OrderID INTEGER, Region TEXT);
INSERT INTO Customers VALUES ('ALFKI', 'Alfreds Futterkiste', NULL), ('LONEP', 'Lonesome Pine', 'OR');
INSERT INTO Employees VALUES (1, 'Davolio', 'WA'), (2, 'Buchanan', NULL);
INSERT INTO Orders VALUES (10248, 'ALFKI', 1, NULL), (10249, 'LONEP', 2, 'OR');
CREATE VIEW Invoices AS
  SELECT Orders.OrderID, Orders.ShipRegion, Customers.CompanyName, Customers.Region,
         Employees.LastName AS Salesperson
  FROM Customers
  JOIN Orders ON Customers.CustomerID = Orders.CustomerID
  JOIN Employees ON Employees.EmployeeID = Orders.EmployeeID;
CREATE VIEW SalesByRegion AS
  SELECT ShipRegion AS Region, count(*) AS Orders FROM Orders JOIN Employees USING (EmployeeID)
  GROUP BY ShipRegion;
CREATE TRIGGER OrderRegionLogged AFTER INSERT ON Orders BEGIN
  INSERT INTO OrderLog SELECT new.OrderID, c.Region FROM Customers AS c, Employees AS e
  WHERE c.CustomerID = new.CustomerID AND e.EmployeeID = new.EmployeeID;
END;
CREATE TRIGGER EmployeeRenamed AFTER UPDATE OF LastName ON Employees BEGIN
  UPDATE Orders SET ShipRegion = (SELECT Region FROM Customers
                                  WHERE CustomerID = Orders.CustomerID)
  WHERE EmployeeID = new.EmployeeID;
END;
)sql";

constexpr const char* kDropRegion = "  - drop_column: {table: Employees, column: Region}\n";

// Northwind's corner and then `more` SQL, as the base revision.
void SetUp(Project& project, const std::string& more = "") {
  project.AddYamlRevision(kBase, "", ExecuteItem(std::string(kNorthwind) + more),
                          "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
}

// The OperationError the change revision `ops` fails with ("" if none).
std::string Refusal(Project& project, const std::string& ops) {
  project.AddYamlRevision(kChange, kBase, ops);
  RecordingListener listener;
  try {
    Upgrade(project.config(), "head", listener);
  } catch (const OperationError& error) {
    CHECK(CountRebuilds(listener.statements()) == 0);
    return error.what();
  }
  return "";
}

std::string InvoiceRows(const Project& project) {
  std::string text;
  for (const auto& row :
       Query(project.database(), "SELECT * FROM Invoices ORDER BY OrderID")) {
    for (const std::string& value : row) text += value + "|";
    text += "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("drop_column is not blocked by a view or trigger that uses another table's column "
          "of the same name",
          "[sqlite][drop_column]") {
  Project project;
  SetUp(project);
  const std::string invoices = InvoiceRows(project);
  const auto texts = SchemaTexts(project.database());
  project.AddYamlRevision(kChange, kBase, kDropRegion);
  NoticeListener listener;
  Upgrade(project.config(), "head", listener);
  CHECK(listener.notices().empty());
  CHECK(ColumnNames(project.database(), "Employees") ==
        std::vector<std::string>{"EmployeeID", "LastName"});
  // The views and triggers are as written, and still work.
  for (const char* name : {"view Invoices", "view SalesByRegion", "trigger OrderRegionLogged",
                           "trigger EmployeeRenamed"}) {
    CHECK(SchemaTexts(project.database()).at(name) == texts.at(name));
  }
  CHECK(InvoiceRows(project) == invoices);
  Exec(project.database(), "INSERT INTO Orders VALUES (10250, 'LONEP', 1, NULL); "
                           "UPDATE Employees SET LastName = 'Fuller' WHERE EmployeeID = 1;");
  CHECK(Query(project.database(), "SELECT Region FROM OrderLog") ==
        std::vector<std::vector<std::string>>{{"OR"}});
  CHECK(Query(project.database(), "SELECT ShipRegion FROM Orders WHERE OrderID = 10250") ==
        std::vector<std::vector<std::string>>{{"OR"}});
}

TEST_CASE("drop_column is refused for a view that does use the column, and only for it",
          "[sqlite][drop_column]") {
  Project project;
  SECTION("by name") {
    SetUp(project, "CREATE VIEW EmployeeRegions AS SELECT LastName, Region FROM Employees;\n");
  }
  SECTION("through a view that selects *") {
    SetUp(project, "CREATE VIEW AllEmployees AS SELECT * FROM Employees;\n"
                   "CREATE VIEW EmployeeRegions AS SELECT LastName, Region FROM AllEmployees;\n");
  }
  SECTION("by position: a view with a column list") {
    SetUp(project, "CREATE VIEW EmployeeRegions (id, name, region) AS SELECT * FROM Employees;\n");
  }
  const DatabaseState before = Capture(project.database());
  const std::string message = Refusal(project, kDropRegion);
  INFO(message);
  CHECK_THAT(message, Catch::Contains("cannot drop column Employees.Region: view EmployeeRegions "
                                      "depends on it") &&
                          Catch::Contains("cascade: true") && !Catch::Contains("Invoices") &&
                          !Catch::Contains("AllEmployees") && !Catch::Contains("SalesByRegion"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("drop_column is refused for a trigger that does use the column, on the table or "
          "elsewhere",
          "[sqlite][drop_column]") {
  Project project;
  std::string trigger;
  SECTION("a trigger of the table that reads new.Region") {
    SetUp(project, "CREATE TRIGGER EmployeeMoved AFTER UPDATE ON Employees BEGIN\n"
                   "  INSERT INTO OrderLog VALUES (NULL, new.Region);\nEND;\n");
    trigger = "EmployeeMoved";
  }
  SECTION("a trigger of the table that fires on UPDATE OF Region") {
    SetUp(project, "CREATE TRIGGER EmployeeMoved AFTER UPDATE OF Region ON Employees BEGIN\n"
                   "  INSERT INTO OrderLog VALUES (NULL, 'moved');\nEND;\n");
    trigger = "EmployeeMoved";
  }
  SECTION("a trigger of another table that reads the employee's Region") {
    SetUp(project, "CREATE TRIGGER OrderEmployeeRegion AFTER INSERT ON Orders BEGIN\n"
                   "  INSERT INTO OrderLog SELECT new.OrderID, Region FROM Employees\n"
                   "  WHERE EmployeeID = new.EmployeeID;\nEND;\n");
    trigger = "OrderEmployeeRegion";
  }
  const DatabaseState before = Capture(project.database());
  const std::string message = Refusal(project, kDropRegion);
  INFO(message);
  CHECK_THAT(message, Catch::Contains("cannot drop column Employees.Region: trigger " + trigger +
                                      " depends on it") &&
                          !Catch::Contains("OrderRegionLogged") &&
                          !Catch::Contains("EmployeeRenamed") && !Catch::Contains("Invoices"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("drop_column with cascade: true drops only the views and triggers that use the column",
          "[sqlite][drop_column]") {
  Project project;
  SetUp(project, "CREATE VIEW EmployeeRegions AS SELECT LastName, Region FROM Employees;\n"
                 "CREATE TRIGGER OrderEmployeeRegion AFTER INSERT ON Orders BEGIN\n"
                 "  INSERT INTO OrderLog SELECT new.OrderID, Region FROM Employees\n"
                 "  WHERE EmployeeID = new.EmployeeID;\nEND;\n");
  const std::string invoices = InvoiceRows(project);
  project.AddYamlRevision(kChange, kBase,
                          "  - drop_column: {table: Employees, column: Region, cascade: true}\n",
                          "downgrade: []\n");
  NoticeListener listener;
  Upgrade(project.config(), "head", listener);
  CHECK(listener.notices() ==
        std::vector<std::string>{"drop_column Employees.Region (cascade: true) drops with it: "
                                 "trigger OrderEmployeeRegion and view EmployeeRegions"});
  CHECK(ObjectSql(project.database(), "EmployeeRegions").empty());
  CHECK(ObjectSql(project.database(), "OrderEmployeeRegion").empty());
  for (const char* kept : {"Invoices", "SalesByRegion", "OrderRegionLogged", "EmployeeRenamed"}) {
    CHECK_FALSE(ObjectSql(project.database(), kept).empty());
  }
  CHECK(InvoiceRows(project) == invoices);
  CHECK(RebuildLeftovers(project.database()).empty());
}

TEST_CASE("drop_column is not blocked by a view that was broken before the change",
          "[sqlite][drop_column]") {
  // SQLite keeps a view whose table went away; it cannot be the drop's fault.
  Project project;
  SetUp(project, "CREATE TABLE Regions (Region TEXT);\n"
                 "CREATE VIEW StaleRegions AS SELECT Employees.Region, Regions.Region AS r "
                 "FROM Employees, Regions;\nDROP TABLE Regions;\n");
  project.AddYamlRevision(kChange, kBase, kDropRegion);
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  CHECK(ColumnNames(project.database(), "Employees") ==
        std::vector<std::string>{"EmployeeID", "LastName"});
  CHECK_FALSE(ObjectSql(project.database(), "StaleRegions").empty());
}
